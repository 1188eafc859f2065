using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Mcp;
using Grove.Services.Agents;
using Grove.Services.Mcp;
using Grove.Services.Settings;
using Grove.Testing;
using Grove.Testing.Mcp;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Tests.Agents;

/// <summary>
/// A Codex tab through Grove's real services (tabs, runs, transcripts, permission policy) with the
/// real Codex CLI 0.171.0 against a fake Responses API: asks come through the same approval API as
/// Claude's, land in the same transcript, and its changes in the same worktree.
/// </summary>
public sealed class CodexTabTests
{
    private static CancellationToken Ct => AgentBed.Ct;

    [Fact]
    public async Task A_codex_tab_asks_through_the_approval_API_records_its_transcript_and_its_file_lands_in_the_worktree()
    {
        await using var bed = await CodexTabBed.StartAsync();
        bed.Api.Enqueue(FakeResponsesTurn.AddFile("call_add", "from-codex.txt", "written by codex"), FakeResponsesTurn.Text("Added from-codex.txt."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Add a file", Ct);
        var approval = await bed.WaitForApprovalAsync();
        Assert.Equal("Write", approval.Request.ToolName);
        Assert.Equal(bed.InWorktree("from-codex.txt"), approval.Request.Input.GetProperty("file_path").GetString());
        await bed.Runs.AnswerAsync(approval.Id, ApprovalAnswer.Once, Ct);
        var result = await bed.WaitForResultAsync();

        Assert.False(result.IsError);
        Assert.Equal("written by codex\n", await File.ReadAllTextAsync(bed.InWorktree("from-codex.txt"), Ct));
        var status = await bed.App.Changes.GetStatusAsync(bed.Workspace.Id, Ct);
        Assert.Contains(status.Files, f => f.Path == "from-codex.txt");

        var stored = bed.Stored<AgentEvent>().Select(e => e.Kind).ToList();
        Assert.Equal(
            ["user", "init", "tool_use", "permission_request", "permission_decision", "tool_result", "text", "result"],
            stored.Where(k => k is not ("system" or "thinking")));
        var tab = await bed.Tabs.ResolveAsync(bed.Tab.Id, Ct);
        Assert.Equal("codex", tab.AgentKind);
        Assert.Equal(result.SessionId, tab.SessionId);
        Assert.Equal(AgentTabStatus.Idle, tab.Status);
        Assert.Equal(PermissionScopes.Once, bed.Stored<PermissionDecisionEvent>().Single().Scope);

        // Codex keeps its state in Grove's data folder, never the user's ~/.codex.
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(bed.App.Paths.DataRoot, "codex", "sessions"), "*.jsonl", SearchOption.AllDirectories));
        var request = await bed.Api.WaitForRequestAsync(1, Ct);
        Assert.Equal("Bearer sk-grove-secret", request.Headers["Authorization"]);
        Assert.Equal(CodexCliHarness.Model, request.Model);
    }

    [Fact]
    public async Task A_codex_tab_gets_the_same_mcp_servers_as_a_claude_tab_and_its_tool_runs()
    {
        await using var bed = await CodexTabBed.StartAsync();
        var servers = bed.App.App.Get<IMcpServers>();
        await servers.SaveAsync(
            new McpAddRequest(
                new McpServerDefinition { Name = "everything", Command = McpEverything.Node, Args = [McpEverything.EntryPath, "stdio"], Env = new Dictionary<string, string> { ["GROVE_TEST_MODE"] = "codex-tab-canary" } },
                McpScope.User,
                null),
            Ct);
        await servers.SaveAsync(new McpAddRequest(new McpServerDefinition { Name = "off", Command = McpEverything.Node, Args = [McpEverything.EntryPath, "stdio"] }, McpScope.User, null), Ct);
        await servers.SetEnabledAsync("off", false, bed.Workspace.ProjectId, null, Ct);
        bed.Api.Enqueue(
            new FakeResponsesTurn { Items = [new FakeResponsesItem.FunctionCall("call_env", "get_env", "{}", "mcp__everything")] },
            FakeResponsesTurn.Text("Looked."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Show the env", Ct);
        Assert.False((await bed.WaitForResultAsync()).IsError);

        var first = await bed.Api.WaitForRequestAsync(1, Ct);
        Assert.Contains("mcp__everything", first.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("mcp__off", first.Body, StringComparison.Ordinal);
        var output = (await bed.Api.WaitForRequestAsync(2, Ct)).ToolOutput("call_env");
        Assert.NotNull(output);
        Assert.Contains("codex-tab-canary", output, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-grove-secret", output, StringComparison.Ordinal);
        Assert.Contains(bed.Stored<ToolUseEvent>(), t => t.Name == "mcp__everything__get-env");
    }

    [Fact]
    public async Task A_denied_command_does_not_run_and_an_always_answer_lets_the_same_command_run_later_without_asking()
    {
        await using var bed = await CodexTabBed.StartAsync();
        bed.Api.Enqueue(
            FakeResponsesTurn.Shell("call_1", "touch denied.txt"),
            FakeResponsesTurn.Text("Understood."),
            FakeResponsesTurn.Shell("call_2", "touch allowed.txt"),
            FakeResponsesTurn.Text("Made it."),
            FakeResponsesTurn.Shell("call_3", "touch allowed.txt"),
            FakeResponsesTurn.Text("Again."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Make denied.txt", Ct);
        var first = await bed.WaitForApprovalAsync();
        Assert.Equal(("Bash", "touch denied.txt"), (first.Request.ToolName, first.Request.Input.GetProperty("command").GetString()));
        await bed.Runs.AnswerAsync(first.Id, ApprovalAnswer.DenyWith("Not that one."), Ct);
        await bed.WaitForResultAsync();
        Assert.False(File.Exists(bed.InWorktree("denied.txt")));

        await bed.Runs.SendAsync(bed.Tab.Id, "Make allowed.txt", Ct);
        var second = await bed.WaitForApprovalAsync(occurrence: 2);
        await bed.Runs.AnswerAsync(second.Id, new ApprovalAnswer(ApprovalChoice.AlwaysForWorkspace), Ct);
        await bed.WaitForResultAsync(occurrence: 2);
        Assert.True(File.Exists(bed.InWorktree("allowed.txt")));

        File.Delete(bed.InWorktree("allowed.txt"));
        await bed.Runs.SendAsync(bed.Tab.Id, "Once more", Ct);
        await bed.WaitForResultAsync(occurrence: 3);
        Assert.True(File.Exists(bed.InWorktree("allowed.txt")));
        var decisions = bed.Stored<PermissionDecisionEvent>();
        Assert.Equal([false, true, true], decisions.Select(d => d.Allowed));
        Assert.Equal([null, PermissionScopes.Workspace, null], decisions.Select(d => d.Scope));
    }

    [Fact]
    public async Task Plan_mode_refuses_edits_without_asking_and_accept_edits_allows_them_but_still_asks_for_commands()
    {
        await using (var plan = await CodexTabBed.StartAsync(AgentMode.Plan))
        {
            plan.Api.Enqueue(FakeResponsesTurn.AddFile("call_p", "plan.txt", "nope"), FakeResponsesTurn.Text("I will only plan."));
            await plan.Runs.SendAsync(plan.Tab.Id, "Add a file", Ct);
            await plan.WaitForResultAsync();

            Assert.False(File.Exists(plan.InWorktree("plan.txt")));
            var decision = plan.Stored<PermissionDecisionEvent>().Single();
            Assert.False(decision.Allowed);
            Assert.Contains("Plan mode is read-only", decision.Message, StringComparison.Ordinal);
            Assert.Empty(plan.Runs.GetPending(plan.Tab.Id));
        }

        await using var edits = await CodexTabBed.StartAsync(permissionMode: PermissionMode.AcceptEdits);
        edits.Api.Enqueue(FakeResponsesTurn.AddFile("call_e", "edit.txt", "yes"), FakeResponsesTurn.Shell("call_s", "touch cmd.txt"), FakeResponsesTurn.Text("Done."));
        await edits.Runs.SendAsync(edits.Tab.Id, "Edit and run", Ct);
        var ask = await edits.WaitForApprovalAsync();

        Assert.Equal("Bash", ask.Request.ToolName);
        Assert.True(File.Exists(edits.InWorktree("edit.txt")));
        await edits.Runs.AnswerAsync(ask.Id, ApprovalAnswer.Once, Ct);
        await edits.WaitForResultAsync();
        Assert.True(File.Exists(edits.InWorktree("cmd.txt")));
    }

    [Fact]
    public async Task After_a_crash_what_Codex_did_beyond_the_transcript_is_recovered_from_its_stored_thread_once()
    {
        await using var bed = await CodexTabBed.StartAsync();
        bed.Api.Enqueue(
            FakeResponsesTurn.Text("Stored by Grove."),
            FakeResponsesTurn.Shell("call_after", "echo after-grove"),
            FakeResponsesTurn.Text("Done after Grove died."));
        await bed.Runs.SendAsync(bed.Tab.Id, "First", Ct);
        var first = await bed.WaitForResultAsync();
        await bed.Runs.StopAsync(bed.Tab.Id, Ct);

        // Grove is gone, the tab still says running, and Codex's thread went on without Grove
        // (the same CODEX_HOME, <data>/codex): a turn Grove never stored.
        await bed.Tabs.UpdateAsync(bed.Tab.Id, t => t with { Status = AgentTabStatus.Running, RunOwner = "2147483646:1" }, Ct);
        var driver = bed.App.App.Get<Grove.Agents.IAgentDrivers>().Get("codex");
        await using (var outlived = await driver.StartAsync(
            new Grove.Agents.AgentStartOptions
            {
                WorkingDirectory = bed.Workspace.WorktreePath,
                ExecutablePath = bed.Cli.BinaryPath,
                ResumeSessionId = first.SessionId,
                Model = CodexCliHarness.Model,
                Auth = new Grove.Agents.AgentAuth { OpenAiApiKey = "sk-test", OpenAiBaseUrl = bed.Api.ApiBaseUrl },
                Environment = bed.Cli.Environment.Where(v => v.Key is not ("CODEX_HOME" or "OPENAI_API_KEY")).ToDictionary(),
            },
            Ct))
        {
            await outlived.SendUserMessageAsync("Carry on", cancellationToken: Ct);
            await foreach (var e in outlived.ReadEventsAsync(Ct))
            {
                if (e is PermissionRequestEvent ask)
                {
                    await outlived.RespondToPermissionAsync(ask.RequestId, Grove.Agents.PermissionDecision.AllowOnce(), Ct);
                }

                if (e is ResultEvent)
                {
                    break;
                }
            }

            await outlived.StopAsync(TimeSpan.FromSeconds(5), Ct);
        }

        Assert.Equal(1, await bed.Runs.RecoverAsync(Ct));

        var rows = await bed.App.App.Get<ITranscripts>().ReadAsync(bed.Tab.Id, cancellationToken: Ct);
        var events = rows.Select(r => AgentEventJson.Deserialize(r.PayloadJson)).ToList();
        var stored = Assert.Single(events.OfType<TextEvent>(), t => t.Content == "Stored by Grove.");
        Assert.False(stored.Recovered);
        var recovered = events.Where(e => e.Recovered).ToList();
        Assert.Equal(["tool_use", "tool_result", "text"], recovered.Select(e => e.Kind));
        Assert.Equal("echo after-grove", ((ToolUseEvent)recovered[0]).Input.GetProperty("command").GetString());
        Assert.Contains("after-grove", ((ToolResultEvent)recovered[1]).Content, StringComparison.Ordinal);
        Assert.Equal("Done after Grove died.", ((TextEvent)recovered[2]).Content);
        var notice = events.OfType<ErrorEvent>().Last();
        Assert.Contains("3 items", notice.Message, StringComparison.Ordinal);
        Assert.Contains("recovered from Codex's stored thread", notice.Message, StringComparison.Ordinal);
        Assert.Equal(AgentTabStatus.Interrupted, (await bed.Tabs.ResolveAsync(bed.Tab.Id, Ct)).Status);
    }

    [Fact]
    public async Task A_codex_tab_forks_at_an_earlier_message_into_a_tab_that_continues_from_there()
    {
        await using var bed = await CodexTabBed.StartAsync();
        bed.Api.Enqueue(FakeResponsesTurn.Text("The word is heron."), FakeResponsesTurn.Text("The word is now crane."), FakeResponsesTurn.Text("It was heron."));
        await bed.Runs.SendAsync(bed.Tab.Id, "Remember heron", Ct);
        await bed.WaitForResultAsync();
        await bed.Runs.SendAsync(bed.Tab.Id, "Now remember crane", Ct);
        await bed.WaitForResultAsync(occurrence: 2);
        var rows = await bed.App.App.Get<ITranscripts>().ReadAsync(bed.Tab.Id, cancellationToken: Ct);
        var heron = rows.First(r => r.Kind == AgentEventKinds.Text && r.PayloadJson.Contains("heron", StringComparison.Ordinal));

        Assert.True(bed.App.App.Get<IAgentKinds>().CanFork("codex"));
        var fork = await bed.Runs.ForkAsync(bed.Tab.Id, heron.Sequence, cancellationToken: Ct);
        Assert.Equal("codex", fork.AgentKind);
        Assert.NotEqual((await bed.Tabs.ResolveAsync(bed.Tab.Id, Ct)).SessionId, fork.SessionId);

        await using var collector = new AgentEventsCollector(bed.Runs, fork.Id);
        await bed.Runs.SendAsync(fork.Id, "Which word?", Ct);
        await collector.WaitForAsync(e => e.Kind == AgentEventKinds.Result, 1);

        var request = await bed.Api.WaitForRequestAsync(3, Ct);
        Assert.Contains("Remember heron", request.UserTexts);
        Assert.DoesNotContain("Now remember crane", request.UserTexts);
        Assert.Equal("Which word?", request.LastUserText);
        Assert.Equal(fork.SessionId, (await bed.Tabs.ResolveAsync(fork.Id, Ct)).SessionId);
    }
}

/// <summary>An <see cref="AgentBed"/>-like bed for a Codex tab: Grove's services, the real Codex CLI and a fake Responses API.</summary>
internal sealed class CodexTabBed : IAsyncDisposable
{
    private readonly AgentEventsCollector _collector;

    private CodexTabBed(FakeResponsesServer api, CodexCliHarness cli, TestRepository repo, TestApp app, Workspace workspace, AgentTab tab)
    {
        Api = api;
        Cli = cli;
        Repo = repo;
        App = app;
        Workspace = workspace;
        Tab = tab;
        _collector = new AgentEventsCollector(Runs, tab.Id);
    }

    public FakeResponsesServer Api { get; }

    public CodexCliHarness Cli { get; }

    public TestRepository Repo { get; }

    public TestApp App { get; }

    public Workspace Workspace { get; }

    public AgentTab Tab { get; }

    public IAgentRuns Runs => App.App.Get<IAgentRuns>();

    public IAgentTabs Tabs => App.App.Get<IAgentTabs>();

    public static async Task<CodexTabBed> StartAsync(AgentMode mode = AgentMode.Agent, PermissionMode permissionMode = PermissionMode.Ask)
    {
        var cli = new CodexCliHarness();
        var api = await FakeResponsesServer.StartAsync(AgentBed.Ct);
        var repo = TestRepository.Create();
        var app = await TestApp.StartAsync(services => services.AddSingleton(_ =>
        {
            var options = new AgentRunOptions { PartialCheckpointInterval = TimeSpan.FromMilliseconds(50) };
            foreach (var (key, value) in cli.Environment.Where(v => v.Key is not ("CODEX_HOME" or "OPENAI_API_KEY")))
            {
                options.ExtraEnvironment[key] = value;
            }

            return options;
        }));

        // What a user sets: the program, the server, the model and the key (Grove's encrypted secret).
        var settings = app.App.Get<ISettingsService>();
        await settings.SetAsync(SettingKeys.CodexPath, cli.BinaryPath, AgentBed.Ct);
        await settings.SetAsync(SettingKeys.CodexBaseUrl, api.ApiBaseUrl, AgentBed.Ct);
        await settings.SetAsync(SettingKeys.CodexModel, CodexCliHarness.Model, AgentBed.Ct);
        await settings.SetSecretAsync(SettingKeys.OpenAIKeySecret, "sk-grove-secret", AgentBed.Ct);

        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: AgentBed.Ct);
        var workspace = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "codex" }, cancellationToken: AgentBed.Ct)).Workspace;
        var tab = await app.App.Get<IAgentTabs>().CreateAsync(
            new CreateTabRequest { Workspace = workspace.Id, Mode = mode, PermissionMode = permissionMode, AgentKind = "codex" }, AgentBed.Ct);
        return new CodexTabBed(api, cli, repo, app, workspace, tab);
    }

    public string InWorktree(string relative) => Path.Combine(Workspace.WorktreePath, relative);

    public Task<LiveEvent> WaitForAsync(Func<LiveEvent, bool> predicate, int occurrence = 1) => _collector.WaitForAsync(predicate, occurrence);

    public async Task<ResultEvent> WaitForResultAsync(int occurrence = 1) =>
        (ResultEvent)AgentEventJson.Deserialize((await WaitForAsync(e => e.Kind == AgentEventKinds.Result, occurrence)).PayloadJson);

    public async Task<PendingApproval> WaitForApprovalAsync(int occurrence = 1)
    {
        await WaitForAsync(e => e.Kind == "tab_status" && e.PayloadJson.Contains("needsinput", StringComparison.Ordinal), occurrence);
        return Assert.Single(Runs.GetPending(Tab.Id));
    }

    public IReadOnlyList<T> Stored<T>() where T : AgentEvent =>
        [.. _collector.Events.Where(e => e.Sequence is not null && e.Kind != PartialCheckpoint.Kind).Select(e => AgentEventJson.Deserialize(e.PayloadJson)).OfType<T>()];

    public async ValueTask DisposeAsync()
    {
        await _collector.DisposeAsync();
        await App.DisposeAsync();
        Repo.Dispose();
        await Api.DisposeAsync();
        Cli.Dispose();
    }
}

/// <summary>Every event of one tab as it is published, with a wait for the n-th match.</summary>
internal sealed class AgentEventsCollector : IAsyncDisposable
{
    private readonly List<LiveEvent> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _task;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AgentEventsCollector(IAgentRuns runs, string tabId) => _task = Task.Run(() => CollectAsync(runs, tabId));

    public IReadOnlyList<LiveEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public async Task<LiveEvent> WaitForAsync(Func<LiveEvent, bool> predicate, int occurrence)
    {
        var ct = AgentBed.Ct;
        while (true)
        {
            Task changed;
            lock (_events)
            {
                var matches = _events.Where(predicate).ToList();
                if (matches.Count >= occurrence)
                {
                    return matches[occurrence - 1];
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(ct);
            }
            catch (OperationCanceledException ex)
            {
                throw new OperationCanceledException($"Gave up waiting; events so far: {string.Join(", ", Events.Select(e => e.Kind))}", ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _task;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task CollectAsync(IAgentRuns runs, string tabId)
    {
        await foreach (var e in runs.Events.SubscribeAsync(tabId, 0, includeLiveOnly: true, _stop.Token))
        {
            lock (_events)
            {
                _events.Add(e);
                var previous = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                previous.TrySetResult();
            }
        }
    }
}
