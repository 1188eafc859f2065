using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Grove.Core.Errors;
using Grove.Git.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grove.Git.Running;

/// <summary>
/// Runs git as a child process with an argument list (never a shell), a cleaned environment,
/// stdout and stderr read concurrently, stdin always redirected (and closed), and the whole
/// process tree killed on timeout or cancellation.
/// </summary>
internal sealed partial class GitRunner(GitOptions options, ILogger<GitRunner>? logger = null) : IGitRunner
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly GitOptions _options = options;
    private readonly ILogger _logger = logger ?? NullLogger<GitRunner>.Instance;

    public async Task<GitResult> RunAsync(string workingDirectory, GitCommand command, GitRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        options ??= new GitRunOptions();
        if (!Directory.Exists(workingDirectory))
        {
            throw new GroveException(ErrorKind.NotFound, $"The folder '{workingDirectory}' does not exist.");
        }

        var arguments = command.ToArguments();
        for (var attempt = 0; ; attempt++)
        {
            var result = await RunOnceAsync(workingDirectory, arguments, options, cancellationToken);
            if (result.Succeeded)
            {
                return result;
            }

            if (attempt < _options.IndexLockRetries && IsIndexLockContention(result.StandardError))
            {
                LogIndexLockRetry(_logger, command.Subcommand, attempt + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * (1 << attempt)), cancellationToken);
                continue;
            }

            if (options.ThrowOnError)
            {
                throw GitErrors.Create(arguments, result);
            }

            return result;
        }
    }

    private async Task<GitResult> RunOnceAsync(string workingDirectory, IReadOnlyList<string> arguments, GitRunOptions options, CancellationToken cancellationToken)
    {
        var startInfo = CreateStartInfo(workingDirectory, arguments, options);
        LogRunning(_logger, new RedactedArguments(arguments), workingDirectory);

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new GroveException(
                ErrorKind.GitMissing,
                $"git was not found on PATH; install git (https://git-scm.com/downloads) and restart Grove. ({_options.Executable}: {ex.Message})",
                ex);
        }

        var stopwatch = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(options.Timeout ?? _options.DefaultTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        var stdinTask = WriteStandardInputAsync(process, options.StandardInput);
        var stdoutTask = ReadStandardOutputAsync(process.StandardOutput, options.MaxOutputChars);
        var stderrTask = ReadStandardErrorAsync(process.StandardError, options.OnProgress);
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            await Task.WhenAll(Observe(stdoutTask), Observe(stderrTask), Observe(stdinTask));
            cancellationToken.ThrowIfCancellationRequested();
            throw new GroveException(
                ErrorKind.Timeout,
                $"git {GitErrors.Subcommand(arguments)} timed out after {(options.Timeout ?? _options.DefaultTimeout).TotalSeconds:0.#} s and was stopped.");
        }

        var (stdout, length) = await stdoutTask;
        var stderr = await stderrTask;
        await Observe(stdinTask);
        LogFinished(_logger, process.ExitCode, stopwatch.ElapsedMilliseconds);
        return new GitResult(process.ExitCode, stdout, stderr) { StandardOutputTruncated = length > stdout.Length, StandardOutputLength = length };
    }

    private ProcessStartInfo CreateStartInfo(string workingDirectory, IReadOnlyList<string> arguments, GitRunOptions options)
    {
        var startInfo = new ProcessStartInfo(_options.Executable)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8NoBom,
            StandardErrorEncoding = Utf8NoBom,
            StandardInputEncoding = Utf8NoBom,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        GitEnvironment.Apply(startInfo.Environment, _options.Environment, options.Environment);
        return startInfo;
    }

    private static bool IsIndexLockContention(string stderr) =>
        stderr.Contains("index.lock", StringComparison.Ordinal) && stderr.Contains("File exists", StringComparison.Ordinal);
}
