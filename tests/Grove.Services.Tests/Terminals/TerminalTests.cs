using Grove.Core.Errors;
using Grove.Core.Terminals;
using Grove.Services.Hosting;
using Grove.Services.Settings;
using Grove.Services.Workspaces;
using Grove.Testing;

namespace Grove.Services.Tests.Terminals;

/// <summary>Real shells on real pseudo-terminals (bash, posix_spawn, the kernel's line discipline).</summary>
public sealed class TerminalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Typing_Echo_ShowsItsOutput_InTheWorktree()
    {
        await using var bed = await TerminalBed.StartAsync();
        var info = await bed.Terminals.OpenAsync("shell-ws", cancellationToken: Ct);
        using var connection = await bed.Terminals.AttachAsync("shell-ws", info.Id, Ct);
        var output = new TerminalOutput(connection);

        await output.TypeAsync("echo hello-$((40+2)) && pwd\r");

        var text = await output.WaitForAsync("hello-42");
        await output.WaitForAsync(bed.Workspace.WorktreePath);
        Assert.Equal(1, info.Number);
        Assert.Equal("/bin/bash", info.Shell);
        Assert.Contains("hello-42", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resize_IsWhatSttySizeReports()
    {
        await using var bed = await TerminalBed.StartAsync();
        var info = await bed.Terminals.OpenAsync("shell-ws", new TerminalSize(80, 24), Ct);
        using var connection = await bed.Terminals.AttachAsync("shell-ws", info.Id, Ct);
        var output = new TerminalOutput(connection);
        await output.TypeAsync("stty size; echo first-$((1+1))\r");
        await output.WaitForAsync("24 80");
        await output.WaitForAsync("first-2");

        connection.Resize(new TerminalSize(133, 41));
        await output.TypeAsync("stty size; echo second-$((1+2))\r");

        await output.WaitForAsync("41 133");
        Assert.Equal(new TerminalSize(133, 41), connection.Terminal.Size);
    }

    [Fact]
    public async Task CtrlC_InterruptsTheForegroundProgram()
    {
        await using var bed = await TerminalBed.StartAsync();
        var info = await bed.Terminals.OpenAsync("shell-ws", cancellationToken: Ct);
        using var connection = await bed.Terminals.AttachAsync("shell-ws", info.Id, Ct);
        var output = new TerminalOutput(connection);
        await output.TypeAsync("echo sleeping-$((2*2)); sleep 100\r");
        await output.WaitForAsync("sleeping-4");

        await output.TypeAsync("\u0003");
        await output.TypeAsync("echo code-$?\r");

        // 130 = 128 + SIGINT: the sleep died of the Ctrl-C (had it not, this would wait 100 s and time out).
        await output.WaitForAsync("code-130");
    }

    [Fact]
    public async Task Reattaching_ReplaysTheScrollback()
    {
        await using var bed = await TerminalBed.StartAsync();
        var info = await bed.Terminals.OpenAsync("shell-ws", cancellationToken: Ct);
        using (var first = await bed.Terminals.AttachAsync("shell-ws", info.Id, Ct))
        {
            var output = new TerminalOutput(first);
            await output.TypeAsync("echo remembered-$((3+4))\r");
            await output.WaitForAsync("remembered-7");
        }

        using var second = await bed.Terminals.AttachAsync(bed.Workspace.Id, info.Id, Ct);

        Assert.Contains("remembered-7", new TerminalOutput(second).Text, StringComparison.Ordinal);
        Assert.Single(await bed.Terminals.ListAsync("shell-ws", Ct));
    }

    [Fact]
    public async Task TheEnvironment_HoldsNoSecret_ButTheWorkspaceValues()
    {
        await using var bed = await TerminalBed.StartAsync();
        const string stored = "ghp_canaryStoredInGrove0123456789";
        await bed.App.App.Get<ISettingsService>().SetSecretAsync("github.token", stored, Ct);
        var info = await bed.Terminals.OpenAsync("shell-ws", cancellationToken: Ct);
        using var connection = await bed.Terminals.AttachAsync("shell-ws", info.Id, Ct);
        var output = new TerminalOutput(connection);

        await output.TypeAsync("env; echo env-done-$((9*9))\r");

        var text = await output.WaitForAsync("env-done-81");
        Assert.DoesNotContain(TerminalBed.AnthropicCanary, text, StringComparison.Ordinal);
        Assert.DoesNotContain(TerminalBed.OtherCanary, text, StringComparison.Ordinal);
        Assert.DoesNotContain(stored, text, StringComparison.Ordinal);
        Assert.DoesNotContain("ANTHROPIC_API_KEY", text, StringComparison.Ordinal);
        Assert.Contains("TERM=xterm-256color", text, StringComparison.Ordinal);
        Assert.Contains("GROVE_WORKSPACE=shell-ws", text, StringComparison.Ordinal);
        Assert.Contains("USER=tester", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShellExit_EndsTheTerminal_WithItsCode()
    {
        await using var bed = await TerminalBed.StartAsync();
        var info = await bed.Terminals.OpenAsync("shell-ws", cancellationToken: Ct);
        using var connection = await bed.Terminals.AttachAsync("shell-ws", info.Id, Ct);
        var output = new TerminalOutput(connection);

        await output.TypeAsync("exit 3\r");
        await output.WaitForEndAsync();

        Assert.Equal(3, await connection.Ended.WaitAsync(TestTimeouts.Token(Ct)));
        Assert.Empty(await bed.Terminals.ListAsync("shell-ws", Ct));
        var ex = await Assert.ThrowsAsync<GroveException>(() => bed.Terminals.AttachAsync("shell-ws", info.Id, Ct));
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
    }

    [Fact]
    public async Task ArchivingTheWorkspace_EndsItsTerminals_AndTheirJobs()
    {
        await using var bed = await TerminalBed.StartAsync();
        var info = await bed.Terminals.OpenAsync("shell-ws", cancellationToken: Ct);
        await bed.Terminals.OpenAsync("shell-ws", cancellationToken: Ct);
        using var connection = await bed.Terminals.AttachAsync("shell-ws", info.Id, Ct);
        var output = new TerminalOutput(connection);
        // A background job that ignores hang-ups: only the kill of the whole session ends it.
        // The marker is computed ($((...))) so the terminal's echo of the typed line does not already hold it.
        await output.TypeAsync("nohup sleep 1000 >/dev/null 2>&1 & echo job-pid-$!-end-$((1+1))\r");
        var text = await output.WaitForAsync("-end-2");
        var job = int.Parse(System.Text.RegularExpressions.Regex.Match(text, @"job-pid-(\d+)-end-2").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Directory.Exists($"/proc/{job}"));

        await bed.App.Workspaces.ArchiveAsync("shell-ws", cancellationToken: Ct);

        Assert.True(connection.Ended.IsCompleted);
        Assert.Empty(await bed.Terminals.ListAsync("shell-ws", Ct));
        Assert.True(await DiesAsync(job), "the background job outlived its archived workspace");
        var ex = await Assert.ThrowsAsync<GroveException>(() => bed.Terminals.OpenAsync("shell-ws", cancellationToken: Ct));
        Assert.Equal(ErrorKind.Conflict, ex.Kind);
    }

    [Fact]
    public async Task ArchivingFromAnotherProcess_EndsTheTerminalsToo()
    {
        await using var bed = await TerminalBed.StartAsync();
        var info = await bed.Terminals.OpenAsync("shell-ws", cancellationToken: Ct);
        using var connection = await bed.Terminals.AttachAsync("shell-ws", info.Id, Ct);

        // Another Grove on the same data folder (as 'grove ws archive' beside 'grove serve').
        await using (var other = await GroveApp.StartAsync(bed.App.Paths, cancellationToken: Ct))
        {
            await other.Get<IWorkspaceService>().ArchiveAsync("shell-ws", cancellationToken: Ct);
        }

        await connection.Ended.WaitAsync(TestTimeouts.Token(Ct));
        Assert.Empty(await bed.Terminals.ListAsync("shell-ws", Ct));
        Assert.False(IsAlive(info.ProcessId));
    }

    [Fact]
    public async Task Close_EndsTheTerminal_AndFreesItsNumber()
    {
        await using var bed = await TerminalBed.StartAsync();
        var first = await bed.Terminals.OpenAsync("shell-ws", cancellationToken: Ct);
        var second = await bed.Terminals.OpenAsync("shell-ws", cancellationToken: Ct);

        await bed.Terminals.CloseAsync("shell-ws", first.Id, Ct);
        var third = await bed.Terminals.OpenAsync("shell-ws", cancellationToken: Ct);

        Assert.Equal(2, second.Number);
        Assert.Equal(1, third.Number);
        Assert.Equal([third.Id, second.Id], (await bed.Terminals.ListAsync("shell-ws", Ct)).Select(t => t.Id));
        Assert.False(IsAlive(first.ProcessId));
    }

    [Fact]
    public async Task LotsOfOutput_ArrivesInBatches_NotAMessagePerRead()
    {
        await using var bed = await TerminalBed.StartAsync();
        var info = await bed.Terminals.OpenAsync("shell-ws", cancellationToken: Ct);
        using var connection = await bed.Terminals.AttachAsync("shell-ws", info.Id, Ct);
        var output = new TerminalOutput(connection);
        await output.TypeAsync("echo ready-$((5+5))\r");
        await output.WaitForAsync("ready-10");
        var before = output.Batches;

        await output.TypeAsync("seq 1 20000; echo seq-done-$((6+6))\r");
        await output.WaitForAsync("seq-done-12");

        // ~110 KB in 20000 lines: a message per line (or per byte) would be thousands.
        Assert.InRange(output.Batches - before, 1, 200);
    }

    /// <summary>A killed process takes a moment to exit (longer on a busy machine): true once it has, false if it lives on for the test timeout.</summary>
    private static async Task<bool> DiesAsync(int pid)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (IsAlive(pid))
        {
            if (timeout.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return true;
    }

    private static bool IsAlive(int pid)
    {
        // A zombie (reaped later by init) counts as dead.
        var stat = $"/proc/{pid}/stat";
        return File.Exists(stat) && File.ReadAllText(stat).Split(')')[^1].Trim()[0] != 'Z';
    }
}
