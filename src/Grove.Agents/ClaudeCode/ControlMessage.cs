using System.Text.Json;

namespace Grove.Agents.ClaudeCode;

/// <summary>A control-protocol line (Claude stream-json §7) the session must act on.</summary>
internal abstract record ControlMessage(string RequestId);

/// <summary>The CLI asks the host something (<c>can_use_tool</c>, or a subtype Grove answers with an error).</summary>
internal sealed record ControlRequestMessage(string RequestId, string Subtype) : ControlMessage(RequestId);

/// <summary>The CLI answers one of Grove's requests.</summary>
internal sealed record ControlResponseMessage(string RequestId, bool Success, JsonElement? Response, string? Error) : ControlMessage(RequestId);

/// <summary>The CLI withdraws one of its own pending requests.</summary>
internal sealed record ControlCancelMessage(string RequestId) : ControlMessage(RequestId);
