using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Grove.FakeAgent;

/// <summary>
/// The <c>turns</c> step: answers every user message with one turn, like the CLI in stream-json
/// mode, until stdin closes. The message's words steer it: <c>cost=0.25</c> adds that much to the
/// process's running <c>total_cost_usd</c> (default 0.01), <c>hold</c> keeps the turn running until an
/// interrupt, <c>until=/path</c> keeps it running until that file exists (then it ends normally),
/// <c>exit</c> ends the process after the turn's result (the next message needs a new one).
/// </summary>
internal static partial class FakeTurns
{
    public static int Run(FakeOutput output, FakeInput input)
    {
        decimal total = 0;
        var turn = 0;
        while (input.NextUser() is { } user)
        {
            turn++;
            var text = TextOf(user["message"]?["content"]);
            output.Json(new JsonObject
            {
                ["type"] = "system",
                ["subtype"] = "init",
                ["session_id"] = "fake-turns-session",
                ["cwd"] = Environment.CurrentDirectory,
                ["model"] = "fake",
                ["tools"] = new JsonArray(),
            });
            if (text.Contains("hold", StringComparison.Ordinal))
            {
                input.Interrupts.Wait();
                output.Line("""{"type":"result","subtype":"error_during_execution","is_error":true,"terminal_reason":"aborted_streaming","session_id":"fake-turns-session","num_turns":1,"duration_ms":5,"usage":{"input_tokens":1,"output_tokens":0},"permission_denials":[]}""".Replace("\"usage\"", $"\"total_cost_usd\":{total.ToString(CultureInfo.InvariantCulture)},\"usage\"", StringComparison.Ordinal));
                continue;
            }

            if (UntilPattern().Match(text) is { Success: true } until)
            {
                while (!File.Exists(until.Groups[1].Value))
                {
                    Thread.Sleep(20);
                }
            }

            total += CostPattern().Match(text) is { Success: true } match ? decimal.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0.01m;
            output.Json(new JsonObject
            {
                ["type"] = "assistant",
                ["message"] = new JsonObject
                {
                    ["id"] = $"msg_turn_{Environment.ProcessId}_{turn}",
                    ["type"] = "message",
                    ["role"] = "assistant",
                    ["model"] = "fake",
                    ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = $"ok: {text}" }),
                },
                ["parent_tool_use_id"] = null,
                ["session_id"] = "fake-turns-session",
            });
            output.Json(new JsonObject
            {
                ["type"] = "result",
                ["subtype"] = "success",
                ["is_error"] = false,
                ["result"] = $"ok: {text}",
                ["session_id"] = "fake-turns-session",
                ["num_turns"] = 1,
                ["duration_ms"] = 5,
                ["total_cost_usd"] = total,
                ["usage"] = new JsonObject { ["input_tokens"] = 10, ["output_tokens"] = 5 },
                ["terminal_reason"] = "completed",
                ["permission_denials"] = new JsonArray(),
            });
            if (text.Contains("exit", StringComparison.Ordinal))
            {
                return 0;
            }
        }

        return 0;
    }

    private static string TextOf(JsonNode? content) => content switch
    {
        JsonValue value => (string?)value ?? string.Empty,
        JsonArray blocks => string.Concat(blocks.Select(b => (string?)b?["text"] ?? string.Empty)),
        _ => string.Empty,
    };

    [GeneratedRegex(@"until=(\S+)")]
    private static partial Regex UntilPattern();

    [GeneratedRegex(@"cost=([0-9]+(?:\.[0-9]+)?)")]
    private static partial Regex CostPattern();
}
