using Grove.Core.Workspaces;
using Grove.Services.Runs;
using Grove.Testing;

namespace Grove.Services.Tests.Runs;

public sealed class RunSlotTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    /// <summary>
    /// The race behind the `grove ws run` flake ("› stopped", exit 0, for a script that ran `exit 3`):
    /// on a loaded machine the script exited before the slot had wired its output, its exit was
    /// dropped, the run stayed "running" until the caller gave up and stopped it. Here the start is
    /// held until the script has exited, every time.
    /// </summary>
    [Fact]
    public async Task A_script_that_exits_before_its_output_is_wired_still_ends_with_its_exit_code_and_every_line()
    {
        using var folder = new TempDirectory("grove-run-slot");
        var slot = new RunSlot("ws", TimeProvider.System, afterLaunch: process => process.WaitForExit());

        slot.Start(new RunScript("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], "fast"), folder.Path, new Dictionary<string, string>());
        var state = await EndAsync(slot);

        Assert.Equal(RunStatus.Exited, state.Status);
        Assert.Equal(3, state.ExitCode);
        var lines = slot.Lines(0);
        Assert.Contains(lines, l => l.Text == "out" && !l.IsError);
        Assert.Contains(lines, l => l.Text == "err" && l.IsError);
        Assert.Equal("[exited with code 3]", lines[^1].Text);
    }

    private static async Task<WorkspaceRunState> EndAsync(RunSlot slot)
    {
        while (true)
        {
            var changed = slot.WhenChanged;
            var state = slot.Snapshot(null, detectPorts: false);
            if (!state.IsRunning && state.Status != RunStatus.Idle)
            {
                return state;
            }

            await changed.WaitAsync(Ct);
        }
    }
}
