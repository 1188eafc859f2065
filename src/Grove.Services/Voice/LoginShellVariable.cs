using Grove.Agents;
using Grove.Core.Processes;
using Grove.Services.Terminals;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Voice;

/// <summary>
/// Reads one environment variable as the user's login shell sets it (a GUI-started Grove does not
/// see what <c>~/.bashrc</c> or <c>~/.zshrc</c> export): <c>$SHELL -lic 'printf …"$NAME"…'</c> with
/// the name a constant of the caller, arguments as a list, stdin closed, a timeout, and the answer
/// (found or not) cached. Never on Windows. The value is never logged.
/// </summary>
internal sealed partial class LoginShellVariable(AgentHostEnvironment host, VoiceOptions options, TimeProvider time, ILogger<LoginShellVariable> logger) : IDisposable
{
    /// <summary>Marks the value in the output, so whatever the profile itself prints is ignored.</summary>
    private const char Mark = '\u001e';

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (string? Value, DateTimeOffset At)> _cache = new(StringComparer.Ordinal);

    /// <summary>The value of <paramref name="name"/> in a login shell, or null (unset, empty, no shell, timed out).</summary>
    public async Task<string?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows() || !IsPlainName(name))
        {
            return null;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cache.TryGetValue(name, out var cached) && time.GetUtcNow() - cached.At < options.ShellCacheFor)
            {
                return cached.Value;
            }

            var value = await RunAsync(name, cancellationToken);
            _cache[name] = (value, time.GetUtcNow());
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string?> RunAsync(string name, CancellationToken cancellationToken)
    {
        var (shell, _) = TerminalShell.Find(host);
        var script = $"printf '{Mark}%s{Mark}' \"${name}\"";
        var result = await BoundedProcess.RunAsync(
            new BoundedProcessStart(shell, ["-lic", script])
            {
                Timeout = options.ShellTimeout,
                Environment = host.Variables,
                ReplaceEnvironment = true,
                WorkingDirectory = Directory.Exists(host.HomeDirectory) ? host.HomeDirectory : null,
                MaxOutputChars = 64 * 1024,
            },
            cancellationToken);
        if (!result.Started || result.TimedOut)
        {
            LogShellFailed(logger, shell, result.TimedOut ? "timed out" : "could not start", name);
            return null;
        }

        var output = result.StandardOutput;
        var start = output.IndexOf(Mark, StringComparison.Ordinal);
        var end = start < 0 ? -1 : output.IndexOf(Mark, start + 1);
        var value = end > start ? output[(start + 1)..end].Trim() : null;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public void Dispose() => _gate.Dispose();

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') && !char.IsDigit(name[0]);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading {Name} from the login shell {Shell}: {Outcome}")]
    private static partial void LogShellFailed(ILogger logger, string shell, string outcome, string name);
}
