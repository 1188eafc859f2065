namespace Grove.Agents.Codex;

/// <summary>A ready <c>codex app-server</c> command line: program, argument list (no shell), folder and exact environment.</summary>
internal sealed record CodexCommand(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The command line for logs: arguments only, never environment values.</summary>
    public override string ToString() => $"{FileName} {string.Join(' ', Arguments)}";
}
