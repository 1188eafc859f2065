using System.Text.Json;

namespace Grove.Testing;

/// <summary>One content block of a scripted assistant message.</summary>
public abstract record FakeContentBlock
{
    private static int _nextToolId;

    /// <summary>A text block streamed as one <c>text_delta</c> per element of <paramref name="deltas"/>.</summary>
    public static FakeContentBlock Text(params string[] deltas)
    {
        if (deltas.Length == 0)
        {
            throw new ArgumentException("A text block needs at least one delta.", nameof(deltas));
        }

        return new FakeTextBlock(deltas);
    }

    /// <summary>
    /// A <c>tool_use</c> block. <paramref name="input"/> is serialized to JSON (an anonymous object,
    /// a dictionary or a <see cref="JsonElement"/>) and streamed in several <c>input_json_delta</c> chunks.
    /// </summary>
    public static FakeContentBlock ToolUse(string name, object input, string? id = null)
    {
        var json = input is JsonElement element ? element.GetRawText() : JsonSerializer.Serialize(input);
        using (var document = JsonDocument.Parse(json))
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("Tool input must serialize to a JSON object.", nameof(input));
            }
        }

        return new FakeToolUseBlock(name, id ?? NewToolUseId(), json);
    }

    /// <summary>A <c>thinking</c> block (<c>thinking_delta</c>s, then one <c>signature_delta</c>).</summary>
    public static FakeContentBlock Thinking(string thinking, string signature = "fake-signature") =>
        new FakeThinkingBlock(thinking, signature);

    /// <summary>A fresh id shaped like the API's (<c>toolu_…</c>).</summary>
    public static string NewToolUseId() => $"toolu_fake{Interlocked.Increment(ref _nextToolId):D4}{Guid.NewGuid():N}"[..32];

    internal abstract string Describe();
}

public sealed record FakeTextBlock(IReadOnlyList<string> Deltas) : FakeContentBlock
{
    public string FullText => string.Concat(Deltas);

    internal override string Describe() => $"text \"{Shorten(FullText)}\"";

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

public sealed record FakeToolUseBlock(string Name, string Id, string InputJson) : FakeContentBlock
{
    internal override string Describe() => $"tool_use {Name} ({Id})";
}

public sealed record FakeThinkingBlock(string Reasoning, string Signature) : FakeContentBlock
{
    internal override string Describe() => "thinking";
}
