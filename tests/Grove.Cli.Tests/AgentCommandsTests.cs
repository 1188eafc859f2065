using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Paths;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Services.Hosting;
using Grove.Testing;

namespace Grove.Cli.Tests;

/// <summary><c>grove run --plan</c>, <c>fork</c> and <c>search</c> as a newcomer meets them (real CLI, fake API).</summary>
public sealed class AgentCommandsTests
{
    [Fact]
    public async Task RunPlan_ShowsThePlanAsReadableText_NotAsEscapedJson()
    {
        await using var bed = await RunBed.StartAsync();
        const string plan = "# Add a greeting\n\nSteps:\n\n- Create **hello.txt** with `hi`\n- Commit it\n\n1. Then [read the docs](https://example.com)";
        bed.Api.Enqueue(FakeResponse.ToolUse("ExitPlanMode", new { plan }, "toolu_plan"), FakeResponse.Text("Okay, still planning."));
        bed.Grove.Input = "n\n\n";

        var run = await bed.Grove.RunAsync("run", "agent", "Plan a greeting", "--plan");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("\\n", run.Output);
        Assert.DoesNotContain("{\"plan\"", run.Output);
        Assert.DoesNotContain("**", run.Output);
        var lines = run.Output.Split('\n');
        var heading = Array.FindIndex(lines, l => l.Trim() == "Add a greeting");
        Assert.True(heading >= 0, run.Output);
        Assert.StartsWith("═══", lines[heading + 1].Trim());
        Assert.Contains(lines, l => l.Trim() == "• Create hello.txt with hi");
        Assert.Contains(lines, l => l.Trim() == "1. Then read the docs (https://example.com)");
        Assert.Single(lines, l => l.Trim().StartsWith("── plan ──", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Trim() == "Add a greeting");
        Assert.Contains("Implement this plan?", run.Output);
    }

    [Fact]
    public async Task Fork_PastTheLastEvent_IsRefusedInOneLine_AndCreatesNoTab()
    {
        await using var bed = await RunBed.StartAsync();
        bed.Api.Enqueue(FakeResponse.Text("Apples are red."));
        await bed.Grove.OkAsync("run", "agent", "Tell me about apples");

        var fork = await bed.Grove.RunAsync("fork", "agent", "99999");

        Assert.Equal(ExitCodes.InvalidInput, fork.ExitCode);
        var line = Assert.Single(fork.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("#99999 is not one of them", line);
        Assert.Equal(1, (await bed.Grove.JsonAsync("tabs")).GetArrayLength());
        Assert.Equal(ExitCodes.InvalidInput, (await bed.Grove.RunAsync("fork", "agent", "0")).ExitCode);
    }

    [Fact]
    public async Task Search_NamesProjectWorkspaceAndTab_AndShowsAnEventAForkCopiedOnce()
    {
        await using var bed = await RunBed.StartAsync();
        bed.Api.Enqueue(FakeResponse.Text("Apples are red."), FakeResponse.Text("Bananas are yellow."));
        await bed.Grove.OkAsync("run", "agent", "Tell me about apples");
        var events = await bed.Grove.JsonAsync("log", "agent");
        var last = events[events.GetArrayLength() - 1].GetProperty("seq").GetInt64();
        await bed.Grove.OkAsync("fork", "agent", last.ToString(System.Globalization.CultureInfo.InvariantCulture), "--name", "branch");
        await bed.Grove.OkAsync("run", "agent", "And bananas?", "--tab", "branch");

        var apples = await bed.Grove.OkAsync("search", "apples");
        var bananas = await bed.Grove.OkAsync("search", "bananas");
        var json = await bed.Grove.JsonAsync("search", "apples");

        // The apples turn (question, answer, result) lives in the first tab; the fork's copies are not shown again.
        var appleLines = apples.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(appleLines.Length >= 2, apples);
        Assert.All(appleLines, l => Assert.StartsWith("repo/agent · Agent 1 #", l));
        Assert.Equal(appleLines.Length, json.GetArrayLength());
        Assert.Equal(appleLines.Length, json.EnumerateArray().Select(h => h.GetProperty("sequence").GetInt64()).Distinct().Count());
        Assert.All(json.EnumerateArray(), h => Assert.Equal("agent", h.GetProperty("workspaceName").GetString()));

        // Only the fork has the bananas turn: it is found there.
        var bananaLines = bananas.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(bananaLines.Length >= 2, bananas);
        Assert.All(bananaLines, l => Assert.StartsWith("repo/agent · branch #", l));
    }

    [Fact]
    public async Task Log_ShowsAFinishedMessageOnce_WithoutItsPartials_AndAnUnfinishedOneMarkedIncomplete()
    {
        using var repo = TestRepository.Create();
        using var grove = new CliRunner();
        await grove.OkAsync("project", "add", repo.Path);
        await grove.OkAsync("ws", "new", "repo", "--name", "agent");
        await using (var app = await GroveApp.StartAsync(new GrovePaths(grove.Home), cancellationToken: TestContext.Current.CancellationToken))
        {
            var tab = await app.Get<IAgentTabs>().CreateAsync(new CreateTabRequest { Workspace = "agent" }, TestContext.Current.CancellationToken);
            var now = DateTimeOffset.UtcNow;
            TranscriptEvent Stored(AgentEvent e) => e.ToTranscriptEvent(tab.Id, now);
            TranscriptEvent Partial(string messageId, string text) => new()
            {
                TabId = tab.Id,
                Kind = PartialCheckpoint.Kind,
                PayloadJson = System.Text.Json.JsonSerializer.Serialize(new PartialCheckpoint(messageId, 0, DeltaKind.Text, text), AgentEventJson.Options),
                CreatedAt = now,
            };
            await app.Get<ITranscriptStore>().AppendManyAsync(
                [
                    Stored(new UserEvent("Say something long")),
                    Partial("msg_1", "The first"),
                    Partial("msg_1", "The first message, nearly"),
                    Stored(new TextEvent("msg_1", "The first message, complete.")),
                    Stored(new UserEvent("And another")),
                    Partial("msg_2", "Cut off in the mid"),
                    Stored(new ErrorEvent(AgentErrorKind.ProcessExited, "Grove stopped while this tab was running.")),
                ],
                TestContext.Current.CancellationToken);
        }

        var log = await grove.OkAsync("log", "agent");

        Assert.DoesNotContain("[partial]", log);
        Assert.DoesNotContain("The first message, nearly", log);
        Assert.Equal(1, log.Split("The first").Length - 1);
        Assert.Contains("The first message, complete.", log);
        var lines = log.Split('\n');
        var incomplete = Array.FindIndex(lines, l => l.StartsWith("Cut off in the mid", StringComparison.Ordinal));
        Assert.True(incomplete >= 0, log);
        Assert.Contains("incomplete", lines[incomplete]);
        Assert.StartsWith("error: Grove stopped", lines[incomplete + 1]);
    }
}
