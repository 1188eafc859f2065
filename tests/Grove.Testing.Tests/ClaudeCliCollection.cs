namespace Grove.Testing.Tests;

/// <summary>
/// Real-CLI tests run one at a time: each starts a 373 MB native binary, and CI machines are small.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClaudeCliCollection
{
    public const string Name = "Claude Code CLI";
}
