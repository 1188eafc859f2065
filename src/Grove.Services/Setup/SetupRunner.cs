using System.Text;
using Grove.Core.Paths;
using Grove.Core.Processes;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Setup;

/// <summary>The outcome of one setup command; Output is stdout and stderr interleaved (capped).</summary>
public sealed record SetupCommandResult(string Command, int ExitCode, bool TimedOut, string Output, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}

/// <summary>All setup commands of one workspace, and where their full output was saved.</summary>
public sealed record SetupReport(string? SourceFile, IReadOnlyList<SetupCommandResult> Commands, string? LogFile, string? Error)
{
    public bool Succeeded => Error is null && Commands.All(c => c.Succeeded);

    public static SetupReport None { get; } = new(null, [], null, null);
}

/// <summary>
/// Runs a project's worktree setup commands in a new worktree, one after the other, stopping at
/// the first failure. Shell lines are the project's own script and run with <c>/bin/sh -c</c>;
/// argument lists run directly. Each command is bounded by the config's timeout (the process tree
/// is killed), and the full output is written to <c>&lt;data&gt;/logs/setup/</c>.
/// </summary>
public sealed class SetupRunner(GrovePaths paths, TimeProvider time, ILogger<SetupRunner> logger)
{
    private const int MaxKeptOutput = 256 * 1024;

    public async Task<SetupReport> RunAsync(
        WorktreeSetupConfig config,
        string worktreePath,
        IReadOnlyDictionary<string, string> environment,
        string logName,
        Action<string>? onProgress,
        CancellationToken cancellationToken)
    {
        var results = new List<SetupCommandResult>();
        var log = new StringBuilder();
        foreach (var command in config.Commands)
        {
            onProgress?.Invoke($"setup: {command.Display}");
            var result = await RunOneAsync(command, worktreePath, environment, config.Timeout, onProgress, cancellationToken);
            results.Add(result);
            log.Append("$ ").AppendLine(command.Display).Append(result.Output)
               .AppendLine(result.TimedOut ? $"[timed out after {config.Timeout.TotalSeconds:0}s]" : $"[exit {result.ExitCode}]");
            if (!result.Succeeded)
            {
                logger.LogWarning("Setup command {Command} failed in {Worktree} (exit {ExitCode}, timed out {TimedOut})", command.Display, worktreePath, result.ExitCode, result.TimedOut);
                break;
            }
        }

        var logFile = results.Count == 0 ? null : await SaveLogAsync(logName, log.ToString(), cancellationToken);
        return new SetupReport(config.SourceFile, results, logFile, null);
    }

    private async Task<SetupCommandResult> RunOneAsync(
        SetupCommand command, string worktreePath, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, Action<string>? onProgress, CancellationToken cancellationToken)
    {
        var (fileName, arguments) = command.ShellLine is not null
            ? (OperatingSystem.IsWindows() ? "cmd.exe" : "/bin/sh", (IReadOnlyList<string>)[OperatingSystem.IsWindows() ? "/c" : "-c", command.ShellLine])
            : (command.Arguments![0], [.. command.Arguments.Skip(1)]);

        // stdout and stderr interleaved as they arrive, capped; each line also reported as progress.
        var output = new StringBuilder();
        void OnLine(string line)
        {
            lock (output)
            {
                if (output.Length < MaxKeptOutput)
                {
                    output.AppendLine(line);
                }
            }

            onProgress?.Invoke("  " + line);
        }

        var started = time.GetTimestamp();
        var result = await BoundedProcess.RunAsync(
            new BoundedProcessStart(fileName, arguments)
            {
                WorkingDirectory = worktreePath,
                Environment = environment,
                Timeout = timeout,
                MaxOutputChars = MaxKeptOutput,
                OnLine = OnLine,
            },
            cancellationToken);
        if (!result.Started)
        {
            return new SetupCommandResult(command.Display, 127, false, result.StartError + "\n", time.GetElapsedTime(started));
        }

        string text;
        lock (output)
        {
            text = output.ToString();
        }

        return new SetupCommandResult(command.Display, result.TimedOut ? -1 : result.ExitCode, result.TimedOut, text, time.GetElapsedTime(started));
    }

    private async Task<string> SaveLogAsync(string logName, string text, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(paths.LogsDirectory, "setup");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{logName}-{time.GetUtcNow():yyyyMMdd-HHmmss}.log");
        await File.WriteAllTextAsync(file, text, cancellationToken);
        return file;
    }
}
