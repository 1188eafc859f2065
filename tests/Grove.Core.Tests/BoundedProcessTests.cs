using System.Globalization;
using Grove.Core.Processes;
using Grove.Testing;

namespace Grove.Core.Tests;

/// <summary>The one run-with-timeout helper, on real processes.</summary>
public sealed class BoundedProcessTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task OutputIsCapturedPerStream_AndBounded()
    {
        var result = await BoundedProcess.RunAsync(
            new BoundedProcessStart("/bin/sh", ["-c", "i=0; while [ $i -lt 2000 ]; do echo line-$i; i=$((i+1)); done; echo oops >&2; exit 3"])
            {
                Timeout = TimeSpan.FromMinutes(1),
                MaxOutputChars = 100,
            },
            Ct);

        Assert.True(result.Started);
        Assert.False(result.TimedOut);
        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("line-0\nline-1\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(result.StandardOutput.Length <= 100);
        Assert.True(result.Truncated);
        Assert.Equal("oops\n", result.StandardError);
    }

    [Fact]
    public async Task AtTheTimeout_TheWholeTreeIsKilled()
    {
        var child = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var result = await BoundedProcess.RunAsync(
            new BoundedProcessStart("/bin/sh", ["-c", "sleep 600 & echo $!; wait"])
            {
                Timeout = TimeSpan.FromSeconds(2),
                OnLine = line => child.TrySetResult(int.Parse(line, CultureInfo.InvariantCulture)),
            },
            Ct);

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.False(IsRunning(await child.Task));
    }

    [Fact]
    public async Task Cancelling_KillsTheWholeTree_AndThrows()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var child = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BoundedProcess.RunAsync(
            new BoundedProcessStart("/bin/sh", ["-c", "sleep 600 & echo $!; wait"])
            {
                Timeout = TimeSpan.FromMinutes(10),
                OnLine = line =>
                {
                    child = int.Parse(line, CultureInfo.InvariantCulture);
                    cancel.Cancel();
                },
            },
            cancel.Token));

        Assert.NotEqual(0, child);
        Assert.False(IsRunning(child));
    }

    [Fact]
    public async Task AProgramThatDoesNotExist_IsAStartError()
    {
        using var folder = new TempDirectory();

        var result = await BoundedProcess.RunAsync(new BoundedProcessStart(Path.Combine(folder.Path, "missing"), []) { Timeout = TimeSpan.FromMinutes(1) }, Ct);

        Assert.False(result.Started);
        Assert.Contains("could not start", result.StartError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEnvironmentIsAddedTo_OrReplaces_TheInheritedOne()
    {
        var added = await BoundedProcess.RunAsync(
            new BoundedProcessStart("/bin/sh", ["-c", "echo \"$GROVE_TEST_VALUE:${PATH:+has-path}\""])
            {
                Timeout = TimeSpan.FromMinutes(1),
                Environment = new Dictionary<string, string> { ["GROVE_TEST_VALUE"] = "x" },
            },
            Ct);
        var replaced = await BoundedProcess.RunAsync(
            new BoundedProcessStart("/bin/sh", ["-c", "echo \"$GROVE_TEST_VALUE:${HOME:-no-home}\""])
            {
                Timeout = TimeSpan.FromMinutes(1),
                Environment = new Dictionary<string, string> { ["GROVE_TEST_VALUE"] = "y" },
                ReplaceEnvironment = true,
            },
            Ct);

        Assert.Equal("x:has-path\n", added.StandardOutput);
        Assert.Equal("y:no-home\n", replaced.StandardOutput);
    }

    /// <summary>Alive and not a zombie waiting to be reaped.</summary>
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
