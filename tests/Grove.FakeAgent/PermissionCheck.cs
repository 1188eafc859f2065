using System.Text.Json.Nodes;

namespace Grove.FakeAgent;

/// <summary>Sends a <c>can_use_tool</c> request and checks the host's reply against the shapes in docs §7.</summary>
internal static class PermissionCheck
{
    public static void Ask(JsonObject step, FakeOutput output, FakeInput input)
    {
        var requestId = (string)step["request_id"]!;
        var request = step["request"]!.AsObject().DeepClone().AsObject();
        request["subtype"] = "can_use_tool";
        output.Json(new JsonObject { ["type"] = "control_request", ["request_id"] = requestId, ["request"] = request });

        var reply = input.ResponseTo(requestId).GetAwaiter().GetResult();
        var problem = Check(reply, requestId, (string?)request["tool_use_id"]);
        var echo = FakeScriptRunner.Fake("fake_permission_reply", reply.DeepClone());
        echo["valid"] = problem is null;
        echo["problem"] = problem;
        output.Json(echo);
    }

    private static string? Check(JsonObject reply, string requestId, string? toolUseId)
    {
        if ((string?)reply["type"] != "control_response")
        {
            return "type is not control_response";
        }

        if (reply["response"] is not JsonObject envelope || (string?)envelope["subtype"] != "success")
        {
            return "response.subtype is not success";
        }

        if ((string?)envelope["request_id"] != requestId)
        {
            return "response.request_id does not match";
        }

        if (envelope["response"] is not JsonObject answer)
        {
            return "response.response is missing";
        }

        if ((string?)answer["toolUseID"] != toolUseId)
        {
            return "toolUseID does not match";
        }

        return (string?)answer["behavior"] switch
        {
            "allow" when answer["updatedInput"] is not JsonObject => "allow without an updatedInput object",
            "allow" when answer["updatedPermissions"] is not null and not JsonArray => "updatedPermissions is not an array",
            "allow" => null,
            "deny" when answer["message"] is not JsonValue => "deny without a message",
            "deny" => null,
            _ => "behavior is neither allow nor deny",
        };
    }
}
