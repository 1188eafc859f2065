using System.Diagnostics;

namespace Grove.Testing;

/// <summary>
/// Runs the real git for test set-up (argument lists, isolated from the user's config).
/// Product code never uses this; it goes through Grove.Git's runner.
/// </summary>
public static class TestGit
{
    /// <summary>Environment every test git process gets: no global/system config, fixed identity.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_AUTHOR_NAME"] = "Grove Test",
        ["GIT_AUTHOR_EMAIL"] = "test@grove.invalid",
        ["GIT_COMMITTER_NAME"] = "Grove Test",
        ["GIT_COMMITTER_EMAIL"] = "test@grove.invalid",
        ["GIT_TERMINAL_PROMPT"] = "0",
    };

    public static string Run(string workingDirectory, params string[] args)
    {
        var (code, stdout, stderr) = TryRun(workingDirectory, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({code}): {stderr}");
        }

        return stdout;
    }

    public static (int ExitCode, string StandardOutput, string StandardError) TryRun(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in Environment)
        {
            psi.Environment[key] = value;
        }

        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdoutTask.Result, stderrTask.Result);
    }
}
