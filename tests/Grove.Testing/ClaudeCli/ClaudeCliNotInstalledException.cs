namespace Grove.Testing;

/// <summary>The pinned Claude Code CLI is not where the tests look for it.</summary>
public sealed class ClaudeCliNotInstalledException(string message) : Exception(message);
