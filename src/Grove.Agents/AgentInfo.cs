using System.Text.Json;

namespace Grove.Agents;

/// <summary>A model the agent offers (Claude: <c>value</c> is what <c>--model</c> takes, e.g. <c>opus</c>).</summary>
public sealed record AgentModel(string Value, string? DisplayName, string? Description);

/// <summary>What a running agent says about itself at start-up, before any turn (Claude: the <c>initialize</c> reply).</summary>
public sealed record AgentInfo
{
    public string? CliVersion { get; init; }
    public string? PermissionMode { get; init; }
    public IReadOnlyList<AgentModel> Models { get; init; } = [];

    /// <summary>Where the agent's credentials come from as it sees them (Claude: <c>account.tokenSource</c>, e.g. <c>none</c>).</summary>
    public string? TokenSource { get; init; }

    public string? ApiProvider { get; init; }

    /// <summary>The whole reply, for fields not modelled here (commands, agents, output styles…).</summary>
    public JsonElement Raw { get; init; }
}
