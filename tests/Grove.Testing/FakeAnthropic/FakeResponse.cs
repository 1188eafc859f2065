namespace Grove.Testing;

/// <summary>
/// One scripted answer of <see cref="FakeAnthropicServer"/>: a streamed assistant message
/// (text, tool_use, thinking blocks) or an HTTP error. Immutable; the <c>With…</c> methods return copies.
/// Each API request consumes one response (an error with <see cref="Repeat"/> &gt; 1 is served that many times).
/// </summary>
public sealed record FakeResponse
{
    private FakeResponse()
    {
    }

    /// <summary>The message's content blocks (empty for errors).</summary>
    public IReadOnlyList<FakeContentBlock> Blocks { get; private init; } = [];

    /// <summary><c>end_turn</c>, or <c>tool_use</c> when the message has a tool_use block.</summary>
    public string StopReason { get; private init; } = "end_turn";

    /// <summary>HTTP status; 200 for a streamed message.</summary>
    public int Status { get; private init; } = 200;

    public string? ErrorType { get; private init; }

    public string? ErrorMessage { get; private init; }

    /// <summary>When set, an error response carries <c>x-should-retry: true|false</c>.</summary>
    public bool? ShouldRetry { get; private init; }

    /// <summary>How many consecutive requests this response answers.</summary>
    public int Repeat { get; private init; } = 1;

    public int InputTokens { get; private init; } = 12;

    public int OutputTokens { get; private init; } = 7;

    /// <summary>Wait before sending the status line and headers.</summary>
    public FakeGate? PauseBeforeHeaders { get; private init; }

    /// <summary>Gates keyed by delta index (0-based, counted over all blocks' deltas).</summary>
    public IReadOnlyDictionary<int, FakeGate> PausesBeforeDelta { get; private init; } = new Dictionary<int, FakeGate>();

    /// <summary>A real delay between deltas (to look like streaming); tests wait with gates instead.</summary>
    public TimeSpan DeltaDelay { get; private init; }

    public bool IsError => Status != 200;

    /// <summary>A streamed text message; each argument is one <c>text_delta</c>.</summary>
    public static FakeResponse Text(params string[] deltas) => Message(FakeContentBlock.Text(deltas));

    /// <summary>A message with a single tool_use block (stop_reason <c>tool_use</c>).</summary>
    public static FakeResponse ToolUse(string name, object input, string? id = null) =>
        Message(FakeContentBlock.ToolUse(name, input, id));

    /// <summary>A message with several blocks, in order.</summary>
    public static FakeResponse Message(params FakeContentBlock[] blocks)
    {
        if (blocks.Length == 0)
        {
            throw new ArgumentException("A message needs at least one block.", nameof(blocks));
        }

        return new FakeResponse
        {
            Blocks = blocks,
            StopReason = blocks.Any(b => b is FakeToolUseBlock) ? "tool_use" : "end_turn",
        };
    }

    /// <summary>
    /// An HTTP error with the API's body <c>{"type":"error","error":{type,message}}</c>.
    /// The CLI retries 5xx/529 (unless <paramref name="shouldRetry"/> is false) and re-sends a 400
    /// five more times with fewer betas, so use <paramref name="repeat"/> to fail every attempt.
    /// </summary>
    public static FakeResponse Error(int status, string type, string message, bool? shouldRetry = null, int repeat = 1)
    {
        if (status is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "An error status is 4xx or 5xx.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(repeat, 1);
        return new FakeResponse
        {
            Status = status,
            ErrorType = type,
            ErrorMessage = message,
            ShouldRetry = shouldRetry,
            Repeat = repeat,
        };
    }

    /// <summary>529 <c>overloaded_error</c>, which the CLI retries with backoff.</summary>
    public static FakeResponse Overloaded(int repeat = 1, bool? shouldRetry = null) =>
        Error(529, "overloaded_error", "Overloaded", shouldRetry, repeat);

    /// <summary>
    /// Starts the stream (<c>message_start</c>, <c>ping</c>, an empty text block) and then hangs until
    /// <paramref name="release"/> is released or the client goes away; when released it finishes with
    /// <paramref name="textAfterRelease"/>.
    /// </summary>
    public static FakeResponse Hang(FakeGate release, string textAfterRelease = "released") =>
        Text(textAfterRelease).WithPauseBeforeDelta(0, release);

    /// <summary>Pauses the stream before delta number <paramref name="deltaIndex"/> (0-based, over all blocks).</summary>
    public FakeResponse WithPauseBeforeDelta(int deltaIndex, FakeGate gate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deltaIndex);
        var pauses = new Dictionary<int, FakeGate>(PausesBeforeDelta) { [deltaIndex] = gate };
        return this with { PausesBeforeDelta = pauses };
    }

    /// <summary>Holds the whole response (no status line yet) until <paramref name="gate"/> is released.</summary>
    public FakeResponse WithPauseBeforeHeaders(FakeGate gate) => this with { PauseBeforeHeaders = gate };

    public FakeResponse WithDeltaDelay(TimeSpan delay) => this with { DeltaDelay = delay };

    public FakeResponse WithStopReason(string stopReason) => this with { StopReason = stopReason };

    public FakeResponse WithUsage(int inputTokens, int outputTokens) =>
        this with { InputTokens = inputTokens, OutputTokens = outputTokens };

    public override string ToString() => IsError
        ? $"{Status} {ErrorType}: {ErrorMessage}" + (Repeat > 1 ? $" (x{Repeat})" : "")
        : $"message [{string.Join(", ", Blocks.Select(b => b.Describe()))}] stop={StopReason}";
}
