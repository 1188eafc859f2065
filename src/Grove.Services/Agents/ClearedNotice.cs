namespace Grove.Services.Agents;

/// <summary>
/// The transcript notice <c>/clear</c> leaves: a <see cref="Core.Agents.SystemEvent"/> with subtype
/// <c>grove_notice</c> (like Grove's other notices) whose raw JSON holds <c>message</c> and <c>cleared: true</c>.
/// </summary>
public static class ClearedNotice
{
    public const string Subtype = "grove_notice";

    public const string Message = "Context cleared. The agent starts a fresh session with the next message; it no longer sees the conversation above.";
}
