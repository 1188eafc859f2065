namespace Grove.Agents.ClaudeCode;

/// <summary>
/// Exactly what is started for a Claude session: program, argument list (never a shell),
/// environment and folder. <see cref="ToString"/> is safe to log: values of the environment are
/// not shown and a long system prompt is abbreviated.
/// </summary>
internal sealed record ClaudeCommand(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    ClaudeAuthSource AuthSource)
{
    public override string ToString()
    {
        var shown = Arguments.Select(a => a.Length > 80 ? $"<{a.Length} chars>" : a);
        return $"{FileName} {string.Join(' ', shown)} (in {WorkingDirectory}; auth: {AuthSource}; env keys: {Environment.Count})";
    }
}
