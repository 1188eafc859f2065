using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Grove.Agents.Processes;

/// <summary>The outcome of a short command; null from <see cref="ShortProcess.RunAsync"/> means it could not start.</summary>
internal sealed record ShortProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut);

/// <summary>
/// Runs a short helper command (<c>claude --version</c>, <c>npm prefix -g</c>, <c>npm install</c>) with an
/// argument list, stdout and stderr read concurrently, stdin closed, and the tree killed on timeout.
/// </summary>
internal static class ShortProcess
{
    private static readonly UTF8Encoding Utf8 = new(false, false);

    public static async Task<ShortProcessResult?> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            startInfo.Environment.Clear();
            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            return null;
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            ProcessTree.Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return new ShortProcessResult(-1, await stdout, await stderr, TimedOut: true);
        }

        return new ShortProcessResult(process.ExitCode, await stdout, await stderr, TimedOut: false);
    }
}
