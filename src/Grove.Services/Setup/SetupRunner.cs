using System.Diagnostics;
using System.Text;
using Grove.Core.Paths;
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
        var psi = new ProcessStartInfo
        {
            WorkingDirectory = worktreePath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (command.ShellLine is not null)
        {
            psi.FileName = OperatingSystem.IsWindows() ? "cmd.exe" : "/bin/sh";
            psi.ArgumentList.Add(OperatingSystem.IsWindows() ? "/c" : "-c");
            psi.ArgumentList.Add(command.ShellLine);
        }
        else
        {
            psi.FileName = command.Arguments![0];
            foreach (var argument in command.Arguments.Skip(1))
            {
                psi.ArgumentList.Add(argument);
            }
        }

        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        var started = time.GetTimestamp();
        var output = new StringBuilder();
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                if (output.Length < MaxKeptOutput)
                {
                    output.AppendLine(line);
                }
            }

            onProgress?.Invoke("  " + line);
        }

        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new SetupCommandResult(command.Display, 127, false, $"could not start '{psi.FileName}': {ex.Message}\n", time.GetElapsedTime(started));
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = PumpAsync(process.StandardOutput, Append);
            var stderr = PumpAsync(process.StandardError, Append);
            using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutCts.CancelAfter(timeout);
            var timedOut = false;
            try
            {
                await process.WaitForExitAsync(timeoutCts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                timedOut = true;
            }

            await Task.WhenAll(stdout, stderr);
            string text;
            lock (output)
            {
                text = output.ToString();
            }

            return new SetupCommandResult(command.Display, timedOut ? -1 : process.ExitCode, timedOut, text, time.GetElapsedTime(started));
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string?> onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            onLine(line);
        }
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
