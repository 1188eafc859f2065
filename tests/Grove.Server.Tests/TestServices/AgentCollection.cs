namespace Grove.Server.Tests.TestServices;

/// <summary>Tests that start the real Claude CLI run one at a time (a large native binary; small CI machines).</summary>
[CollectionDefinition(Name)]
public sealed class AgentCollection
{
    public const string Name = "Real Claude CLI";
}
