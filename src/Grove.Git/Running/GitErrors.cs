using Grove.Core.Errors;
using Grove.Core.Security;

namespace Grove.Git.Running;

/// <summary>Turns a failed git result into a <see cref="GitCommandException"/> with a readable one-line message.</summary>
internal static class GitErrors
{
    public const int StandardErrorTailLines = 20;

    public static GitCommandException Create(IReadOnlyList<string> arguments, GitResult result)
    {
        var lines = result.StandardError
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(SecretPatterns.Redact)
            .ToList();
        var tail = string.Join('\n', lines.TakeLast(StandardErrorTailLines));
        var redactedArguments = arguments.Select(SecretPatterns.Redact).ToList();
        var subcommand = Subcommand(arguments);
        var reason = MainLine(lines) ?? $"exit code {result.ExitCode}";
        var message = $"git {subcommand} failed (exit {result.ExitCode}): {reason}";
        return new GitCommandException(Classify(result.StandardError), message, result.ExitCode, redactedArguments, tail);
    }

    public static ErrorKind Classify(string stderr)
    {
        if (stderr.Contains("not a git repository", StringComparison.OrdinalIgnoreCase))
        {
            return ErrorKind.InvalidInput;
        }

        if (stderr.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            return ErrorKind.AlreadyExists;
        }

        return ErrorKind.GitFailed;
    }

    /// <summary>The subcommand in an argument list that may start with <c>-c key=value</c> pairs.</summary>
    public static string Subcommand(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == "-c")
            {
                i++;
                continue;
            }

            if (arguments[i] == "--literal-pathspecs")
            {
                continue;
            }

            return arguments[i];
        }

        return "";
    }

    private static string? MainLine(List<string> lines)
    {
        var important = lines.LastOrDefault(l => l.StartsWith("fatal:", StringComparison.Ordinal))
            ?? lines.FirstOrDefault(l => l.StartsWith("error:", StringComparison.Ordinal))
            ?? lines.LastOrDefault(l => !l.StartsWith("hint:", StringComparison.Ordinal));
        if (important is null)
        {
            return null;
        }

        return important.Length > 300 ? important[..300] + "…" : important;
    }
}
