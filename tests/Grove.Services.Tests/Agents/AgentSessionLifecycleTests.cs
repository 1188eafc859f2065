using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>Resume, interrupt, queueing and crashes, with the real CLI.</summary>
public sealed class AgentSessionLifecycleTests
{
    [Fact]
    public async Task AfterTheProcessStops_TheNextMessageResumesAndSendsTheEarlierConversation()
    {
        await using var bed = await AgentBed.StartAsync();
        bed.Api.Enqueue(FakeResponse.Text("First answer."), FakeResponse.Text("Second answer."));
        await bed.Runs.SendAsync(bed.Tab.Id, "Remember the word pineapple", AgentBed.Ct);
        var first = await bed.WaitForResultAsync();

        await bed.Runs.StopAsync(bed.Tab.Id, AgentBed.Ct);
        await bed.Runs.SendAsync(bed.Tab.Id, "What was the word?", AgentBed.Ct);
        var second = await bed.WaitForResultAsync(2);

        Assert.Equal(first.SessionId, second.SessionId);
        var request = bed.Api.Requests[^1];
        Assert.Contains(request.TextsOf("user"), t => t.Contains("pineapple", StringComparison.Ordinal));
        Assert.Contains(request.TextsOf("assistant"), t => t.Contains("First answer.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MessagesSentDuringATurn_AreQueuedAndRunInOrder()
    {
        await using var bed = await AgentBed.StartAsync();
        var gate = new FakeGate();
        bed.Api.Enqueue(FakeResponse.Text("one").WithPauseBeforeHeaders(gate), FakeResponse.Text("two"), FakeResponse.Text("three"));

        await bed.Runs.SendAsync(bed.Tab.Id, "first", AgentBed.Ct);
        await gate.Reached.WaitAsync(AgentBed.Ct);
        var second = await bed.Runs.SendAsync(bed.Tab.Id, "second", AgentBed.Ct);
        var third = await bed.Runs.SendAsync(bed.Tab.Id, "third", AgentBed.Ct);
        gate.Release();
        await bed.WaitForResultAsync(3);

        Assert.Equal((false, 1), (second.Started, second.QueuePosition));
        Assert.Equal((false, 2), (third.Started, third.QueuePosition));
        Assert.Equal(["first", "second", "third"], bed.Stored<UserEvent>().Where(u => !u.FromAgent).Select(u => u.Content).ToArray());
        Assert.Equal(["one", "two", "three"], bed.Stored<ResultEvent>().Select(r => r.ResultText ?? "").ToArray());
    }

    [Fact]
    public async Task Interrupt_StopsTheTurn_AndASecondTurnWorks()
    {
        await using var bed = await AgentBed.StartAsync();
        var hang = new FakeGate();
        bed.Api.Enqueue(FakeResponse.Hang(hang), FakeResponse.Text("Fresh turn."));
        await bed.Runs.SendAsync(bed.Tab.Id, "Take forever", AgentBed.Ct);
        await hang.Reached.WaitAsync(AgentBed.Ct);

        await bed.Runs.InterruptAsync(bed.Tab.Id, AgentBed.Ct);
        var interrupted = await bed.WaitForResultAsync();
        await bed.Runs.SendAsync(bed.Tab.Id, "Now answer", AgentBed.Ct);
        var next = await bed.WaitForResultAsync(2);

        Assert.NotEqual("completed", interrupted.TerminalReason);
        Assert.False(next.IsError);
        Assert.Equal("Fresh turn.", next.ResultText);
    }

    [Fact]
    public async Task KillingTheCliMidTurn_KeepsEverythingStreamedBefore_AndTheTabShowsTheError()
    {
        await using var bed = await AgentBed.StartAsync();
        var pause = new FakeGate();
        bed.Api.Enqueue(FakeResponse.Text("Streamed before the crash. ", "Never arrives.").WithPauseBeforeDelta(1, pause));
        await bed.Runs.SendAsync(bed.Tab.Id, "Start streaming", AgentBed.Ct);
        await pause.Reached.WaitAsync(AgentBed.Ct);
        await bed.WaitForAsync(e => e.Kind == AgentEventKinds.Delta && e.PayloadJson.Contains("Streamed before", StringComparison.Ordinal));

        var pid = bed.Runs.ProcessIdOf(bed.Tab.Id);
        Assert.NotNull(pid);
        System.Diagnostics.Process.GetProcessById(pid!.Value).Kill(entireProcessTree: true);
        await bed.WaitForAsync(e => e.Kind == "tab_status" && e.PayloadJson.Contains("error", StringComparison.Ordinal));

        var tab = await bed.ReloadTabAsync();
        Assert.Equal(AgentTabStatus.Error, tab.Status);
        Assert.False(string.IsNullOrEmpty(tab.LastError));
        var stored = await bed.App.App.Get<Grove.Data.Stores.ITranscriptStore>().ReadAsync(bed.Tab.Id, 0, 1000, AgentBed.Ct);
        Assert.Contains(stored, e => e.Kind == AgentEventKinds.User && e.PayloadJson.Contains("Start streaming", StringComparison.Ordinal));
        Assert.Contains(stored, e => e.Kind == PartialCheckpoint.Kind && e.PayloadJson.Contains("Streamed before the crash.", StringComparison.Ordinal));
        Assert.Contains(stored, e => e.Kind == AgentEventKinds.Error);
    }

    [Fact]
    public async Task Recover_MarksTabsLeftRunningByACrashAsInterrupted()
    {
        await using var app = await TestApp.StartAsync();
        using var repo = TestRepository.Create();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: AgentBed.Ct);
        var ws = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "w" }, cancellationToken: AgentBed.Ct)).Workspace;
        var tabs = app.App.Get<IAgentTabs>();
        var tab = await tabs.CreateAsync(new CreateTabRequest { Workspace = ws.Id }, AgentBed.Ct);
        await tabs.UpdateAsync(tab.Id, t => t with { Status = AgentTabStatus.Running, SessionId = "abc" }, AgentBed.Ct);

        var recovered = await app.App.Get<IAgentRuns>().RecoverAsync(AgentBed.Ct);

        Assert.Equal(1, recovered);
        var after = await tabs.ResolveAsync(tab.Id, AgentBed.Ct);
        Assert.Equal(AgentTabStatus.Interrupted, after.Status);
        Assert.Equal("abc", after.SessionId);
    }
}

public sealed class AgentForkTests
{
    [Fact]
    public async Task Fork_AtTheFirstAnswer_ResumesFromThere_WithoutTheLaterTurns()
    {
        await using var bed = await AgentBed.StartAsync();
        bed.Api.Enqueue(FakeResponse.Text("Apples are red."), FakeResponse.Text("Bananas are yellow."), FakeResponse.Text("Forked reply."));
        await bed.Runs.SendAsync(bed.Tab.Id, "Tell me about apples", AgentBed.Ct);
        await bed.WaitForResultAsync();
        var firstResult = bed.Events.Last(e => e.Kind == AgentEventKinds.Result).Sequence!.Value;
        await bed.Runs.SendAsync(bed.Tab.Id, "Now bananas", AgentBed.Ct);
        await bed.WaitForResultAsync(2);
        await bed.Runs.StopAsync(bed.Tab.Id, AgentBed.Ct);

        var fork = await bed.Runs.ForkAsync(bed.Tab.Id, firstResult, "apples-only", AgentBed.Ct);
        await bed.Runs.SendAsync(fork.Id, "And cherries?", AgentBed.Ct);
        var forkEvents = new List<Grove.Services.Agents.LiveEvent>();
        await foreach (var e in bed.Runs.Events.SubscribeAsync(fork.Id, 0, includeLiveOnly: false, AgentBed.Ct))
        {
            forkEvents.Add(e);
            if (e.Kind == AgentEventKinds.Result && e.Sequence > firstResult)
            {
                break;
            }
        }

        var request = bed.Api.Requests[^1];
        var userTexts = string.Join("\n", request.TextsOf("user"));
        Assert.Contains("apples", userTexts);
        Assert.Contains("cherries", userTexts);
        Assert.DoesNotContain("bananas", userTexts, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual((await bed.ReloadTabAsync()).SessionId, (await bed.Tabs.ResolveAsync(fork.Id, AgentBed.Ct)).SessionId);
        Assert.Contains(forkEvents, e => e.Kind == AgentEventKinds.Text && e.PayloadJson.Contains("Apples are red.", StringComparison.Ordinal));
        Assert.DoesNotContain(forkEvents, e => e.PayloadJson.Contains("Bananas are yellow.", StringComparison.Ordinal));
    }
}

public sealed class AgentSessionNotFoundTests
{
    [Fact]
    public async Task AStoredSessionThatNoLongerExists_IsClearedAndTheMessageRunsInAFreshSession()
    {
        await using var bed = await AgentBed.StartAsync();
        await bed.Tabs.UpdateAsync(bed.Tab.Id, t => t with { SessionId = "0b7c2f7e-1111-4222-8333-944445555666" }, AgentBed.Ct);
        bed.Api.Enqueue(FakeResponse.Text("Fresh start."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Hello again", AgentBed.Ct);
        var failed = await bed.WaitForResultAsync();
        var result = await bed.WaitForResultAsync(2);

        Assert.True(failed.IsError);
        Assert.Contains(bed.Stored<ErrorEvent>(), e => e.ErrorKind == AgentErrorKind.SessionNotFound);
        Assert.False(result.IsError);
        Assert.Equal("Fresh start.", result.ResultText);
        var tab = await bed.ReloadTabAsync();
        Assert.NotEqual("0b7c2f7e-1111-4222-8333-944445555666", tab.SessionId);
        Assert.Contains(bed.Stored<SystemEvent>(), s => s.Subtype == "grove_notice");
    }
}
