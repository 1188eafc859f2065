using System.Text.Json;
using Grove.Core.Agents;

namespace Grove.Agents.ClaudeCode;

internal sealed partial class StreamJsonParser
{
    /// <summary>A request from the CLI: <c>can_use_tool</c> becomes a permission request; others only a control message.</summary>
    private static ParsedLine ParseControlRequest(JsonElement root)
    {
        var requestId = root.RequiredString("request_id");
        var request = root.RequiredObject("request");
        var subtype = request.RequiredString("subtype");
        var control = new ControlRequestMessage(requestId, subtype);
        if (subtype != "can_use_tool")
        {
            return new ParsedLine([], control);
        }

        var permission = new PermissionRequestEvent(requestId, request.RequiredString("tool_name"), request.Property("input")?.Clone() ?? EmptyObject())
        {
            ToolUseId = request.String("tool_use_id"),
            DisplayName = request.String("display_name"),
            Description = request.String("description"),
            Suggestions = request.Property("permission_suggestions") is { ValueKind: JsonValueKind.Array } s ? s.Clone() : null,
            DecisionReason = request.String("decision_reason_type") ?? request.String("decision_reason"),
            BlockedPath = request.String("blocked_path"),
            RequiresUserInteraction = request.Bool("requires_user_interaction"),
        };
        return new ParsedLine([permission], control);
    }

    /// <summary>The CLI's answer to one of Grove's requests (§7 envelope).</summary>
    private static ParsedLine ParseControlResponse(JsonElement root)
    {
        var response = root.RequiredObject("response");
        var requestId = response.RequiredString("request_id");
        var success = response.String("subtype") == "success";
        var message = new ControlResponseMessage(
            requestId,
            success,
            response.Property("response")?.Clone(),
            success ? null : response.String("error") ?? "The CLI reported an error without a message.");
        return new ParsedLine([], message);
    }
}
