using System.Text.Json.Nodes;

namespace Grove.Testing;

/// <summary>One server-sent event, already framed (<c>event: …\ndata: …\n\n</c>).</summary>
internal sealed record SseEvent(string Name, string Text, bool IsDelta);

/// <summary>The Messages API streaming events for a scripted response, as the CLI accepts them.</summary>
internal static class SseEvents
{
    public static string Error(string type, string message) => new JsonObject
    {
        ["type"] = "error",
        ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
    }.ToJsonString();

    public static IEnumerable<SseEvent> For(FakeResponse response, string messageId, string model)
    {
        yield return Event("message_start", new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["id"] = messageId,
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = model,
                ["content"] = new JsonArray(),
                ["stop_reason"] = null,
                ["stop_sequence"] = null,
                ["usage"] = new JsonObject
                {
                    ["input_tokens"] = response.InputTokens,
                    ["cache_creation_input_tokens"] = 0,
                    ["cache_read_input_tokens"] = 0,
                    ["output_tokens"] = 1,
                },
            },
        });
        yield return Event("ping", []);

        for (var index = 0; index < response.Blocks.Count; index++)
        {
            foreach (var sseEvent in ForBlock(response.Blocks[index], index))
            {
                yield return sseEvent;
            }
        }

        yield return Event("message_delta", new JsonObject
        {
            ["delta"] = new JsonObject { ["stop_reason"] = response.StopReason, ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = response.OutputTokens },
        });
        yield return Event("message_stop", []);
    }

    private static IEnumerable<SseEvent> ForBlock(FakeContentBlock block, int index)
    {
        switch (block)
        {
            case FakeTextBlock text:
                yield return BlockStart(index, new JsonObject { ["type"] = "text", ["text"] = "" });
                foreach (var delta in text.Deltas)
                {
                    yield return Delta(index, new JsonObject { ["type"] = "text_delta", ["text"] = delta });
                }

                break;
            case FakeToolUseBlock toolUse:
                yield return BlockStart(index, new JsonObject
                {
                    ["type"] = "tool_use",
                    ["id"] = toolUse.Id,
                    ["name"] = toolUse.Name,
                    ["input"] = new JsonObject(),
                });
                foreach (var chunk in Split(toolUse.InputJson, 3))
                {
                    yield return Delta(index, new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = chunk });
                }

                break;
            case FakeThinkingBlock thinking:
                yield return BlockStart(index, new JsonObject { ["type"] = "thinking", ["thinking"] = "", ["signature"] = "" });
                yield return Delta(index, new JsonObject { ["type"] = "thinking_delta", ["thinking"] = thinking.Reasoning });
                yield return Delta(index, new JsonObject { ["type"] = "signature_delta", ["signature"] = thinking.Signature });
                break;
            default:
                throw new NotSupportedException($"Unknown block {block.GetType().Name}.");
        }

        yield return Event("content_block_stop", new JsonObject { ["index"] = index });
    }

    /// <summary>Splits JSON text into up to <paramref name="parts"/> chunks (never inside a surrogate pair).</summary>
    internal static IReadOnlyList<string> Split(string text, int parts)
    {
        var size = Math.Max(1, (text.Length + parts - 1) / parts);
        var chunks = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = Math.Min(text.Length, start + size);
            if (end < text.Length && char.IsHighSurrogate(text[end - 1]))
            {
                end++;
            }

            chunks.Add(text[start..end]);
            start = end;
        }

        return chunks;
    }

    private static SseEvent BlockStart(int index, JsonObject contentBlock) =>
        Event("content_block_start", new JsonObject { ["index"] = index, ["content_block"] = contentBlock });

    private static SseEvent Delta(int index, JsonObject delta) =>
        Event("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = delta }, isDelta: true);

    private static SseEvent Event(string name, JsonObject data, bool isDelta = false)
    {
        var payload = new JsonObject { ["type"] = name };
        foreach (var (key, value) in data.ToList())
        {
            data.Remove(key);
            payload[key] = value;
        }

        return new SseEvent(name, $"event: {name}\ndata: {payload.ToJsonString()}\n\n", isDelta);
    }
}
