using System.Text.Json.Serialization;

namespace Grove.Core.Agents;

/// <summary>
/// The end of a turn (one per user message). <see cref="IsError"/> is authoritative: Claude
/// reports API failures with <see cref="Subtype"/> <c>success</c>.
/// </summary>
public sealed record ResultEvent(string? SessionId, bool IsError) : AgentEvent
{
    /// <summary>The final text (absent on error subtypes).</summary>
    public string? ResultText { get; init; }

    public string? Subtype { get; init; }

    /// <summary><c>completed</c>, <c>api_error</c>, <c>max_turns</c>, <c>aborted_streaming</c>…</summary>
    public string? TerminalReason { get; init; }

    /// <summary>Claude's <c>total_cost_usd</c>: a running total for the session (carried on by a resumed process), not this turn's cost.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>This turn's own cost (the rise of <see cref="CostUsd"/> since the session's previous result), set by Grove.</summary>
    public decimal? TurnCostUsd { get; init; }

    /// <summary>The cost to show for this turn: <see cref="TurnCostUsd"/>, or for results stored before Grove kept it, <see cref="CostUsd"/>.</summary>
    [JsonIgnore]
    public decimal? OwnCostUsd => TurnCostUsd ?? CostUsd;
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    public long? DurationMs { get; init; }
    public int? NumTurns { get; init; }

    /// <summary>How many tool calls were refused in this turn.</summary>
    public int DenialCount { get; init; }

    [JsonIgnore]
    public override string Kind => AgentEventKinds.Result;

    [JsonIgnore]
    public override string? Text => ResultText;

    /// <summary>The turn stopped at the tab's step cap (<c>--max-turns</c>): not a crash.</summary>
    [JsonIgnore]
    public bool HitMaxTurns => Subtype == ResultSubtypes.MaxTurns;
}

/// <summary>Result subtypes Grove treats on their own.</summary>
public static class ResultSubtypes
{
    public const string Success = "success";

    /// <summary>The turn used its allowed number of agentic steps.</summary>
    public const string MaxTurns = "error_max_turns";
}

/// <summary>Something went wrong; <see cref="Message"/> is one readable sentence with the fix when known.</summary>
public sealed record ErrorEvent(AgentErrorKind ErrorKind, string Message) : AgentEvent
{
    /// <summary>The agent's own words (API error text, parse error…), when different from <see cref="Message"/>.</summary>
    public string? Detail { get; init; }

    /// <summary>The API status code (401, 429, 529…), when the error came from the API.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The process exit code, when the process ended.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The last lines the process wrote to stderr (secrets masked).</summary>
    public string? StderrTail { get; init; }

    [JsonIgnore]
    public override string Kind => AgentEventKinds.Error;

    [JsonIgnore]
    public override string? Text => Message;
}
