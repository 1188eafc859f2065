namespace Grove.Testing;

/// <summary>One output item of a scripted Responses API reply, as Codex reads it.</summary>
public abstract record FakeResponsesItem
{
    /// <summary>An assistant message, streamed as one <c>response.output_text.delta</c> per word.</summary>
    public sealed record Message(string Text) : FakeResponsesItem;

    /// <summary>A reasoning item with one summary text.</summary>
    public sealed record Reasoning(string Summary) : FakeResponsesItem;

    /// <summary>
    /// A function call (Codex's shell is <c>exec_command</c> with <c>{"cmd": "…"}</c>); an MCP tool is
    /// called in its server's namespace (<c>mcp__&lt;server&gt;</c>) by the tool's own name.
    /// </summary>
    public sealed record FunctionCall(string CallId, string Name, string Arguments, string? Namespace = null) : FakeResponsesItem;

    /// <summary>A freeform custom tool call (Codex's <c>apply_patch</c> takes the patch text as input).</summary>
    public sealed record CustomToolCall(string CallId, string Name, string Input) : FakeResponsesItem;
}

/// <summary>
/// One scripted reply to <c>POST /v1/responses</c>: output items streamed as SSE and a
/// <c>response.completed</c> with usage; or an HTTP error; or a failed response; or a stream that
/// stops after <c>response.created</c> until the test releases <see cref="Hang"/>'s gate.
/// </summary>
public sealed record FakeResponsesTurn
{
    public IReadOnlyList<FakeResponsesItem> Items { get; init; } = [];

    /// <summary>Usage reported in <c>response.completed</c>.</summary>
    public long InputTokens { get; init; } = 100;

    public long CachedInputTokens { get; init; }

    public long OutputTokens { get; init; } = 20;

    /// <summary>Non-zero: answer with this HTTP status and a JSON error body instead of a stream.</summary>
    public int ErrorStatus { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>True: stream <c>response.failed</c> with <see cref="ErrorMessage"/> instead of completing.</summary>
    public bool Fails { get; init; }

    /// <summary>When set, the stream pauses after <c>response.created</c> until this gate is released (or the client goes away).</summary>
    public FakeGate? PauseAfterCreated { get; init; }

    public static FakeResponsesTurn Text(string text) => new() { Items = [new FakeResponsesItem.Message(text)] };

    /// <summary>A reasoning summary, then the text.</summary>
    public static FakeResponsesTurn Thinking(string summary, string text) =>
        new() { Items = [new FakeResponsesItem.Reasoning(summary), new FakeResponsesItem.Message(text)] };

    /// <summary>Codex's shell tool: <c>exec_command</c> with <c>cmd</c>.</summary>
    public static FakeResponsesTurn Shell(string callId, string command) =>
        new() { Items = [new FakeResponsesItem.FunctionCall(callId, "exec_command", System.Text.Json.JsonSerializer.Serialize(new { cmd = command }))] };

    /// <summary>Codex's <c>apply_patch</c> (freeform) adding one file with the given lines.</summary>
    public static FakeResponsesTurn AddFile(string callId, string relativePath, string content) =>
        ApplyPatch(callId, $"*** Begin Patch\n*** Add File: {relativePath}\n{string.Concat(content.Split('\n').Select(l => "+" + l + "\n"))}*** End Patch\n");

    public static FakeResponsesTurn ApplyPatch(string callId, string patch) =>
        new() { Items = [new FakeResponsesItem.CustomToolCall(callId, "apply_patch", patch)] };

    public static FakeResponsesTurn Error(int status, string message) => new() { ErrorStatus = status, ErrorMessage = message };

    /// <summary>A stream that ends with <c>response.failed</c>.</summary>
    public static FakeResponsesTurn Failed(string message) => new() { Fails = true, ErrorMessage = message };

    /// <summary>A stream that hangs after <c>response.created</c> until <paramref name="gate"/> is released.</summary>
    public static FakeResponsesTurn Hang(FakeGate gate) => new() { PauseAfterCreated = gate, Items = [new FakeResponsesItem.Message("released")] };

    public override string ToString() =>
        ErrorStatus != 0 ? $"{ErrorStatus} {ErrorMessage}"
        : Fails ? $"failed: {ErrorMessage}"
        : $"{(PauseAfterCreated is null ? "" : "hang then ")}[{string.Join(", ", Items.Select(i => i.GetType().Name))}]";
}
