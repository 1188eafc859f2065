using System.Diagnostics;
using Grove.Core.Errors;
using Grove.Git.Security;
using Grove.Testing;

namespace Grove.Git.Tests.Running;

/// <summary>Process lifetime: timeout, cancellation, retries and environment, with a scripted stand-in for git.</summary>
public sealed class GitRunnerProcessTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Timeout_kills_the_process_tree_and_throws_Timeout()
    {
        using var folder = new TempDirectory();
        var pidFile = folder.Combine("child.pid");
        var script = FakeGitScript.Create(folder, $"sleep 300 &\necho $! > '{pidFile}'\nwait\n");
        var git = new GitTestServices(o => o.Executable = script).Runner;

        var ex = await Assert.ThrowsAsync<GroveException>(() =>
            git.RunAsync(folder.Path, GitCommand.Create("status"), new GitRunOptions { Timeout = TimeSpan.FromSeconds(1) }, Token));

        Assert.Equal(ErrorKind.Timeout, ex.Kind);
        Assert.Contains("timed out", ex.Message);
        var childPid = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.True(HasExited(childPid), "the grandchild 'sleep' should have been killed with the tree");
    }

    [Fact]
    public async Task Cancellation_kills_the_process_and_propagates()
    {
        using var folder = new TempDirectory();
        var started = folder.Combine("started");
        var script = FakeGitScript.Create(folder, $"touch '{started}'\necho started >&2\nexec sleep 300\n");
        var git = new GitTestServices(o => o.Executable = script).Runner;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var run = git.RunAsync(folder.Path, GitCommand.Create("status"), new GitRunOptions { OnProgress = _ => cts.Cancel() }, cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(File.Exists(started));
    }

    [Fact]
    public async Task Index_lock_contention_is_retried()
    {
        using var folder = new TempDirectory();
        var marker = folder.Combine("attempts");
        var script = FakeGitScript.Create(folder, $"""
            echo x >> '{marker}'
            if [ "$(wc -l < '{marker}')" -lt 2 ]; then
              echo "fatal: Unable to create '/r/.git/index.lock': File exists." >&2
              exit 128
            fi
            echo done
            """);
        var git = new GitTestServices(o => o.Executable = script).Runner;

        var result = await git.RunAsync(folder.Path, GitCommand.Create("add").Paths("a"), cancellationToken: Token);

        Assert.Equal("done\n", result.StandardOutput);
        Assert.Equal(2, File.ReadAllLines(marker).Length);
    }

    [Fact]
    public async Task Environment_is_cleaned_and_prompts_are_off()
    {
        using var folder = new TempDirectory();
        var script = FakeGitScript.Create(folder, "env\n");
        var git = new GitTestServices(o => o.Executable = script).Runner;

        var result = await git.RunAsync(folder.Path, GitCommand.Create("version"),
            new GitRunOptions { Environment = new Dictionary<string, string> { ["GROVE_EXTRA"] = "yes" } }, Token);

        var lines = result.StandardOutput.Split('\n');
        Assert.Contains("GIT_TERMINAL_PROMPT=0", lines);
        Assert.Contains("LC_ALL=C", lines);
        Assert.Contains("GCM_INTERACTIVE=never", lines);
        Assert.Contains("GROVE_EXTRA=yes", lines);
    }

    [Fact]
    public void Inherited_redirecting_variables_are_removed()
    {
        var environment = new Dictionary<string, string?>
        {
            ["GIT_DIR"] = "/elsewhere",
            ["GIT_WORK_TREE"] = "/elsewhere",
            ["GIT_INDEX_FILE"] = "/elsewhere/index",
            ["GIT_CONFIG_PARAMETERS"] = "'core.sshCommand=evil'",
            ["GIT_CONFIG_COUNT"] = "1",
            ["GIT_CONFIG_KEY_0"] = "core.pager",
            ["GIT_CONFIG_VALUE_0"] = "evil",
            ["GIT_EXEC_PATH"] = "/evil",
            ["GIT_EXTERNAL_DIFF"] = "evil",
            ["GIT_GLOB_PATHSPECS"] = "1",
            ["LC_MESSAGES"] = "de_DE.UTF-8",
            ["GIT_SSH_COMMAND"] = "ssh -i key",
            ["SSH_AUTH_SOCK"] = "/tmp/agent",
            ["PATH"] = "/usr/bin",
        };

        Grove.Git.Running.GitEnvironment.Apply(environment, [], null);

        Assert.Equal(
            ["GCM_INTERACTIVE", "GIT_EDITOR", "GIT_LITERAL_PATHSPECS", "GIT_PAGER", "GIT_SSH_COMMAND", "GIT_TERMINAL_PROMPT", "LC_ALL", "PATH", "SSH_AUTH_SOCK"],
            environment.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Progress_lines_stream_to_the_callback()
    {
        using var folder = new TempDirectory();
        var script = FakeGitScript.Create(folder, "printf 'Receiving objects: 50%%\\rReceiving objects: 100%%\\n' >&2\necho out\n");
        var git = new GitTestServices(o => o.Executable = script).Runner;
        var lines = new List<string>();

        await git.RunAsync(folder.Path, GitCommand.Create("fetch"), new GitRunOptions { OnProgress = lines.Add }, Token);

        Assert.Equal(["Receiving objects: 50%", "Receiving objects: 100%"], lines);
    }

    [Fact]
    public async Task A_failing_progress_callback_does_not_hang_git_and_is_reported()
    {
        using var folder = new TempDirectory();
        var script = FakeGitScript.Create(folder, "i=0\nwhile [ $i -lt 20000 ]; do echo \"progress line $i\" >&2; i=$((i+1)); done\necho out\n");
        var git = new GitTestServices(o => o.Executable = script).Runner;
        var calls = 0;

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => git.RunAsync(folder.Path, GitCommand.Create("fetch"),
            new GitRunOptions { OnProgress = _ => throw new FormatException($"boom {++calls}") }, Token));

        Assert.IsType<FormatException>(ex.InnerException);
        Assert.Equal(1, calls);
    }

    private static bool HasExited(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.WaitForExit(TestTimeouts.Default);
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
