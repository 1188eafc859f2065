using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Grove.Core.Processes;

/// <summary>
/// What to run: an argument list (never a shell line), where, with which environment, and for
/// how long.
/// </summary>
public sealed record BoundedProcessStart(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set on top of the inherited environment (instead of it with <see cref="ReplaceEnvironment"/>).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public bool ReplaceEnvironment { get; init; }

    public required TimeSpan Timeout { get; init; }

    /// <summary>Characters kept of each stream; the rest is still read (the process never blocks) but dropped.</summary>
    public int MaxOutputChars { get; init; } = 256 * 1024;

    /// <summary>Each line of stdout or stderr as it arrives (e.g. progress), from a reader thread.</summary>
    public Action<string>? OnLine { get; init; }
}

/// <summary>
/// How a bounded process ended. <see cref="StartError"/> is set (and nothing else means anything)
/// when it could not be started; <see cref="TimedOut"/> when its tree was killed at the timeout.
/// </summary>
public sealed record BoundedProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut, bool Truncated, string? StartError = null)
{
    public bool Started => StartError is null;

    public bool Succeeded => Started && !TimedOut && ExitCode == 0;
}

/// <summary>
/// Runs a short command to its end, bounded: stdin closed, stdout and stderr read concurrently
/// (kept up to a limit), and on timeout or cancellation the whole process tree is killed. The one
/// helper for helper commands (<c>claude --version</c>, <c>npm</c>) and workspace setup commands.
/// </summary>
public static class BoundedProcess
{
    /// <summary>How long the output pipes may stay open after the tree was killed (a child that escaped it).</summary>
    private static readonly TimeSpan DrainAfterKill = TimeSpan.FromSeconds(5);

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// Runs <paramref name="start"/>. Cancellation kills the tree and then throws
    /// <see cref="OperationCanceledException"/>; a timeout kills the tree and returns
    /// <see cref="BoundedProcessResult.TimedOut"/>.
    /// </summary>
    public static async Task<BoundedProcessResult> RunAsync(BoundedProcessStart start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        using var process = new Process { StartInfo = StartInfo(start) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new BoundedProcessResult(-1, string.Empty, string.Empty, false, false, $"could not start '{start.FileName}': {ex.Message}");
        }

        process.StandardInput.Close();
        var stdout = new CappedText(start.MaxOutputChars);
        var stderr = new CappedText(start.MaxOutputChars);
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput, stdout, start.OnLine), PumpAsync(process.StandardError, stderr, start.OnLine));
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(start.Timeout);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
            await pumps.WaitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None);
            await DrainAsync(pumps);
            cancellationToken.ThrowIfCancellationRequested();
            return new BoundedProcessResult(-1, stdout.Text, stderr.Text, TimedOut: true, stdout.Truncated || stderr.Truncated);
        }

        return new BoundedProcessResult(process.ExitCode, stdout.Text, stderr.Text, TimedOut: false, stdout.Truncated || stderr.Truncated);
    }

    private static ProcessStartInfo StartInfo(BoundedProcessStart start)
    {
        var info = new ProcessStartInfo(start.FileName)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            WorkingDirectory = start.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in start.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (start.ReplaceEnvironment)
        {
            info.Environment.Clear();
        }

        foreach (var (key, value) in start.Environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private static async Task PumpAsync(StreamReader reader, CappedText text, Action<string>? onLine)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                text.AppendLine(line);
                onLine?.Invoke(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe was closed under us (process disposed after a kill): keep what was read.
        }
    }

    private static async Task DrainAsync(Task pumps)
    {
        try
        {
            await pumps.WaitAsync(DrainAfterKill);
        }
        catch (TimeoutException)
        {
            // A descendant that left the tree still holds the pipes; the output so far is enough.
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exiting while we tried; nothing left to kill.
        }
    }

    /// <summary>Text kept up to a limit; thread-safe (one writer per stream, read after the end).</summary>
    private sealed class CappedText(int limit)
    {
        private readonly StringBuilder _text = new();

        public bool Truncated { get; private set; }

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public void AppendLine(string line)
        {
            lock (_text)
            {
                var room = limit - _text.Length;
                if (room <= 0)
                {
                    Truncated = true;
                    return;
                }

                if (line.Length + 1 > room)
                {
                    _text.Append(line.AsSpan(0, Math.Min(line.Length, room)));
                    Truncated = true;
                    return;
                }

                _text.Append(line).Append('\n');
            }
        }
    }
}
