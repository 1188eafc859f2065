using Grove.Core.Processes;

namespace Grove.Agents.Processes;

/// <summary>The outcome of a short command; null from <see cref="ShortProcess.RunAsync"/> means it could not start.</summary>
internal sealed record ShortProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut);

/// <summary>
/// Runs a short helper command (<c>claude --version</c>, <c>npm prefix -g</c>, <c>npm install</c>)
/// through <see cref="BoundedProcess"/>, with exactly the given environment (nothing inherited).
/// </summary>
internal static class ShortProcess
{
    public static async Task<ShortProcessResult?> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var result = await BoundedProcess.RunAsync(
            new BoundedProcessStart(fileName, arguments)
            {
                Timeout = timeout,
                Environment = environment,
                ReplaceEnvironment = environment is not null,
                WorkingDirectory = workingDirectory,
            },
            cancellationToken);
        return result.Started ? new ShortProcessResult(result.ExitCode, result.StandardOutput, result.StandardError, result.TimedOut) : null;
    }
}
