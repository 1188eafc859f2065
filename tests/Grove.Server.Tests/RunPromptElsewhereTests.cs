using Grove.Cli;
using Grove.Server.Tests.TestServices;
using Grove.Testing;

namespace Grove.Server.Tests;

/// <summary>
/// <c>grove run</c> waiting at a y/n prompt on a stdin that never ends (a pipe left open) while the
/// request is answered elsewhere: it stops waiting, says so, and follows the turn to its end.
/// </summary>
[Collection(AgentCollection.Name)]
public sealed class RunPromptElsewhereTests
{
    [Fact]
    public async Task Run_AtAPrompt_WhenTheRequestIsApprovedElsewhere_StopsWaitingForStdin_AndFinishesTheTurn()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        bed.AnnounceToCli();
        using var repo = TestRepository.Create();
        var (_, worktree, _) = await bed.CreateTabAsync(repo);
        var file = Path.Combine(worktree, "elsewhere.txt");
        bed.Api!.Enqueue(FakeResponse.ToolUse("Write", new { file_path = file, content = "approved in the UI\n" }, "toolu_else"), FakeResponse.Text("Written after all."));
        using var stdin = new NeverEndingReader();

        var cli = new InProcessCli(bed.Home) { Reader = stdin };
        var running = cli.RunAsync(ServerBed.Ct, "run", "agent", "Write elsewhere.txt");
        await cli.Out.WaitForAsync("Allow Write", ServerBed.Ct);
        var approvals = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await approvals.RunAsync(ServerBed.Ct, "approvals", "--json"));
        var requestId = System.Text.Json.JsonDocument.Parse(approvals.Out.Text).RootElement[0].GetProperty("requestId").GetString()!;
        Assert.Equal(ExitCodes.Success, await new InProcessCli(bed.Home).RunAsync(ServerBed.Ct, "approve", requestId));

        Assert.Equal(ExitCodes.Success, await running);
        Assert.False(stdin.Ended);
        Assert.Equal("approved in the UI\n", File.ReadAllText(file));
        var lines = cli.Out.Text.Split('\n');
        var note = Array.FindIndex(lines, l => l.Contains("answered elsewhere", StringComparison.Ordinal));
        Assert.True(note > 0, cli.Out.Text);
        Assert.StartsWith("Allow Write", lines[note - 1]);
        Assert.Equal("  ✓ allowed", lines[note + 1]);
        Assert.Contains("Written after all.", cli.Out.Text);
        Assert.Contains("— done", cli.Out.Text);
        bed.Api.EnsureScriptCompleted();
    }

    /// <summary>Standard input that stays open: every read blocks until the test ends.</summary>
    private sealed class NeverEndingReader : TextReader
    {
        private readonly ManualResetEventSlim _closed = new();

        public bool Ended { get; private set; }

        public override string? ReadLine()
        {
            _closed.Wait();
            Ended = true;
            return null;
        }

        public override int Read() => ReadLine() is null ? -1 : '\n';

        protected override void Dispose(bool disposing)
        {
            _closed.Set();
            base.Dispose(disposing);
        }
    }
}
