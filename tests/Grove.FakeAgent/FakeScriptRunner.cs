using System.Text.Json.Nodes;

namespace Grove.FakeAgent;

/// <summary>
/// Runs a script: a JSON array of steps, each <c>{"op": …}</c>:
/// <list type="bullet">
/// <item><c>print</c> <c>line</c>: a raw stdout line. <c>print_bytes</c> <c>base64</c>: raw bytes as one line.
/// <c>huge</c> <c>bytes</c>: a line of that many bytes. <c>stderr</c> <c>text</c>.</item>
/// <item><c>print_args</c>: a <c>system/fake_args</c> line with the arguments and environment variable names.</item>
/// <item><c>wait_user</c>: wait for a user message; echo its content as <c>system/fake_user</c>.</item>
/// <item><c>ask</c> <c>request_id</c>, <c>request</c>: send a <c>can_use_tool</c> request, wait for the reply, check its
/// shape against docs §7 and echo it as <c>system/fake_permission_reply</c> with <c>valid</c> and <c>problem</c>.</item>
/// <item><c>host_request</c> <c>request_id</c>, <c>subtype</c>: ask the host something; echo the reply as <c>system/fake_control_reply</c>.</item>
/// <item><c>hang</c>: wait for an interrupt, then end the turn as the CLI does; with <c>answer:false</c> never answer or end.</item>
/// <item><c>stream</c> <c>count</c>, <c>per_second</c>, <c>prefix</c>: that many assistant text messages
/// (<c>prefix</c> + 1…count, one message id each) at a steady rate, for load tests.</item>
/// <item><c>turns</c>: answer every user message with a turn until stdin closes (see <see cref="FakeTurns"/>).</item>
/// <item><c>exit</c> <c>code</c>: exit now. <c>wait_eof</c>: wait until stdin closes.
/// <c>orphan</c>: start <c>sleep 120</c> holding stdout open and print its pid as <c>system/fake_orphan</c>.</item>
/// </list>
/// After the last step the program waits for stdin to close and exits 0, like the CLI.
/// </summary>
internal sealed class FakeScriptRunner(string script, string[] args, FakeOutput output, FakeInput input)
{
    public int Run()
    {
        foreach (var step in JsonNode.Parse(script)!.AsArray())
        {
            var code = RunStep(step!.AsObject());
            if (code is not null)
            {
                return code.Value;
            }
        }

        input.WaitForEof();
        return 0;
    }

    private int? RunStep(JsonObject step)
    {
        switch ((string)step["op"]!)
        {
            case "print":
                output.Line((string)step["line"]!);
                break;
            case "print_bytes":
                output.Bytes(Convert.FromBase64String((string)step["base64"]!));
                break;
            case "huge":
                output.Huge((long)step["bytes"]!);
                break;
            case "stderr":
                output.Error((string)step["text"]!);
                break;
            case "print_args":
                PrintArgs();
                break;
            case "wait_user":
                var user = input.NextUser();
                output.Json(Fake("fake_user", user?["message"]?["content"]?.DeepClone()));
                break;
            case "ask":
                PermissionCheck.Ask(step, output, input);
                break;
            case "host_request":
                var id = (string)step["request_id"]!;
                output.Json(new JsonObject
                {
                    ["type"] = "control_request",
                    ["request_id"] = id,
                    ["request"] = new JsonObject { ["subtype"] = (string)step["subtype"]! },
                });
                output.Json(Fake("fake_control_reply", input.ResponseTo(id).GetAwaiter().GetResult().DeepClone()));
                break;
            case "hang":
                Hang(step);
                break;
            case "wait_eof":
                input.WaitForEof();
                break;
            case "orphan":
                // A grandchild that inherits stdout and outlives us, like a background job of a tool.
                var orphan = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "120") { UseShellExecute = false })!;
                output.Json(Fake("fake_orphan", orphan.Id));
                break;
            case "exit":
                return (int)step["code"]!;
            case "stream":
                Stream(step);
                break;
            case "turns":
                return FakeTurns.Run(output, input);
        }

        return null;
    }

    private void Stream(JsonObject step)
    {
        var count = (int)step["count"]!;
        var perSecond = step["per_second"] is JsonValue rate ? (double)rate : 100;
        var prefix = (string?)step["prefix"] ?? "event ";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 1; i <= count; i++)
        {
            var due = TimeSpan.FromSeconds((i - 1) / perSecond);
            if (due > clock.Elapsed)
            {
                Thread.Sleep(due - clock.Elapsed);
            }

            output.Json(new JsonObject
            {
                ["type"] = "assistant",
                ["message"] = new JsonObject
                {
                    ["id"] = $"msg_stream_{i}",
                    ["type"] = "message",
                    ["role"] = "assistant",
                    ["model"] = "fake",
                    ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = $"{prefix}{i}" }),
                },
                ["parent_tool_use_id"] = null,
                ["session_id"] = "fake-stream-session",
            });
        }
    }

    private void Hang(JsonObject step)
    {
        if (step["answer"] is JsonValue answer && !(bool)answer)
        {
            input.AnswerInterrupts = false;
            Thread.Sleep(Timeout.Infinite);
        }

        input.Interrupts.Wait();
        output.Line("""{"type":"user","message":{"role":"user","content":[{"type":"text","text":"[Request interrupted by user]"}]},"parent_tool_use_id":null,"session_id":"fake-session"}""");
        output.Line("""{"type":"result","subtype":"error_during_execution","is_error":true,"terminal_reason":"aborted_streaming","session_id":"fake-session","num_turns":1,"duration_ms":5,"total_cost_usd":0,"usage":{"input_tokens":1,"output_tokens":0},"permission_denials":[]}""");
    }

    private void PrintArgs()
    {
        var keys = new JsonArray();
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>().Order(StringComparer.Ordinal))
        {
            keys.Add(key);
        }

        var argArray = new JsonArray();
        foreach (var arg in args)
        {
            argArray.Add(arg);
        }

        var line = Fake("fake_args", argArray);
        line["env_keys"] = keys;
        line["cwd"] = Environment.CurrentDirectory;
        output.Json(line);
    }

    internal static JsonObject Fake(string subtype, JsonNode? payload) => new()
    {
        ["type"] = "system",
        ["subtype"] = subtype,
        ["payload"] = payload,
    };
}
