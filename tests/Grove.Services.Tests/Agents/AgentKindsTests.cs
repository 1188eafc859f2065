using Grove.Core.Agents;
using Grove.Core.Errors;
using Grove.Services.Agents;
using Grove.Services.Settings;
using Grove.Testing;
using Grove.Testing.Agents;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Tests.Agents;

/// <summary>
/// The kinds of agent a tab can run (IAgentKinds), with Claude Code plus a second registered kind
/// (the real fake agent under another kind) and one whose program is missing.
/// </summary>
public sealed class AgentKindsTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    private static Task<TestApp> StartAsync() => TestApp.StartAsync(services => services
        .AddFakeAgentKind()
        .AddFakeAgentKind("fake-missing", "Fake Missing", installed: false));

    [Fact]
    public async Task Lists_every_registered_kind_with_its_program_sign_in_and_capabilities()
    {
        using var folder = new TempDirectory("grove-claude");
        var claude = FakeClaudeProgram.Write(folder.Path, "2.1.400 (Claude Code)");
        await using var app = await StartAsync();
        var settings = app.App.Get<ISettingsService>();
        await settings.SetAsync(SettingKeys.ClaudePath, claude, Ct);
        await settings.SetSecretAsync("anthropic.api_key", "sk-test-key", Ct);

        var kinds = await app.App.Get<IAgentKinds>().ListAsync(cancellationToken: Ct);

        Assert.Equal(["claude-code", "codex", "fake-missing", "fake-two"], kinds.Select(k => k.Kind));
        var first = kinds[0];
        Assert.True(first is { DisplayName: "Claude Code", IsDefault: true, Usable: true, Version: "2.1.400", CanFork: true, Problem: null });
        Assert.Equal(claude, first.Path);
        Assert.Contains("claude.path", first.Source, StringComparison.Ordinal);
        Assert.Equal("API key from Grove's settings", first.Auth);
        Assert.DoesNotContain("sk-test-key", string.Join(' ', kinds), StringComparison.Ordinal);

        var two = kinds.Single(k => k.Kind == FakeAgentKind.Kind);
        Assert.True(two is { DisplayName: "Fake Two", ShortName: "Fake", IsDefault: false, Usable: true, Version: "2.1.328", CanFork: false });
        var missing = kinds.Single(k => k.Kind == "fake-missing");
        Assert.False(missing.Usable);
        Assert.Contains("Not installed", missing.Problem, StringComparison.Ordinal);

        // Each kind names its own models: Claude's aliases, Codex's catalog, none for the fake.
        Assert.Equal(["sonnet", "opus", "haiku"], first.Models);
        Assert.Contains("gpt-5.5", kinds.Single(k => k.Kind == "codex").Models);
        Assert.Empty(two.Models);
        Assert.Equal(first.Models, app.App.Get<IAgentKinds>().ModelsOf("claude-code"));
    }

    [Fact]
    public async Task The_default_kind_comes_from_the_setting_when_it_is_registered()
    {
        using var repo = TestRepository.Create();
        await using var app = await StartAsync();
        var kinds = app.App.Get<IAgentKinds>();
        var settings = app.App.Get<ISettingsService>();
        var workspace = await WorkspaceAsync(app, repo);
        var tabs = app.App.Get<IAgentTabs>();

        Assert.Equal("claude-code", (await tabs.CreateAsync(new CreateTabRequest { Workspace = workspace }, Ct)).AgentKind);

        await settings.SetAsync(SettingKeys.DefaultAgentKind, " Fake-Two ", Ct);
        Assert.Equal(FakeAgentKind.Kind, await kinds.DefaultKindAsync(Ct));
        Assert.Equal(FakeAgentKind.Kind, (await tabs.CreateAsync(new CreateTabRequest { Workspace = workspace }, Ct)).AgentKind);
        var listed = await kinds.ListAsync(refresh: true, Ct);
        Assert.True(listed[0] is { Kind: FakeAgentKind.Kind, IsDefault: true });
        Assert.Single(listed, k => k.IsDefault);

        // A kind that is not (or no longer) registered falls back to Claude Code.
        await settings.SetAsync(SettingKeys.DefaultAgentKind, "no-such-agent", Ct);
        Assert.Equal("claude-code", await kinds.DefaultKindAsync(Ct));
        await Assert.ThrowsAsync<GroveException>(() => settings.SetAsync(SettingKeys.DefaultAgentKind, "not a kind!", Ct));
    }

    [Fact]
    public async Task A_tab_of_an_unknown_kind_is_refused_in_one_line_naming_the_known_kinds()
    {
        using var repo = TestRepository.Create();
        await using var app = await StartAsync();
        var workspace = await WorkspaceAsync(app, repo);

        var error = await Assert.ThrowsAsync<GroveException>(() => app.App.Get<IAgentTabs>().CreateAsync(new CreateTabRequest { Workspace = workspace, AgentKind = "no-such-agent" }, Ct));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("'no-such-agent'", error.Message, StringComparison.Ordinal);
        Assert.Contains("claude-code", error.Message, StringComparison.Ordinal);
        Assert.Contains("fake-two", error.Message, StringComparison.Ordinal);
        Assert.Empty(await app.App.Get<IAgentTabs>().ListAsync(workspace, Ct));
    }

    [Fact]
    public async Task A_run_with_a_kind_uses_the_workspaces_tab_of_that_kind_or_makes_one()
    {
        using var repo = TestRepository.Create();
        await using var app = await StartAsync();
        var workspace = await WorkspaceAsync(app, repo);
        var tabs = app.App.Get<IAgentTabs>();

        var claude = await tabs.FindOrCreateAsync(workspace, cancellationToken: Ct);
        var two = await tabs.FindOrCreateAsync(workspace, agentKind: FakeAgentKind.Kind, cancellationToken: Ct);
        var twoAgain = await tabs.FindOrCreateAsync(workspace, agentKind: FakeAgentKind.Kind, cancellationToken: Ct);
        var firstAgain = await tabs.FindOrCreateAsync(workspace, cancellationToken: Ct);
        var claudeAgain = await tabs.FindOrCreateAsync(workspace, agentKind: "claude-code", cancellationToken: Ct);
        var named = await tabs.FindOrCreateAsync(workspace, "review", FakeAgentKind.Kind, Ct);

        Assert.Equal("claude-code", claude.AgentKind);
        Assert.Equal(FakeAgentKind.Kind, two.AgentKind);
        Assert.NotEqual(claude.Id, two.Id);
        Assert.Equal(two.Id, twoAgain.Id);
        Assert.Equal(claude.Id, firstAgain.Id);
        Assert.Equal(claude.Id, claudeAgain.Id);
        Assert.True(named is { Name: "review", AgentKind: FakeAgentKind.Kind });
        Assert.Equal(3, (await tabs.ListAsync(workspace, Ct)).Count);

        var clash = await Assert.ThrowsAsync<GroveException>(() => tabs.FindOrCreateAsync(workspace, "review", "claude-code", Ct));
        Assert.Contains("runs Fake Two, not Claude Code", clash.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<GroveException>(() => tabs.FindOrCreateAsync(workspace, agentKind: "nope", cancellationToken: Ct));
    }

    [Fact]
    public async Task A_tab_of_the_second_kind_runs_its_own_program_and_records_the_reply()
    {
        using var repo = TestRepository.Create();
        await using var app = await StartAsync();
        var workspace = await WorkspaceAsync(app, repo);
        var tab = await app.App.Get<IAgentTabs>().CreateAsync(new CreateTabRequest { Workspace = workspace, AgentKind = FakeAgentKind.Kind }, Ct);
        var runs = app.App.Get<IAgentRuns>();

        await runs.SendAsync(tab.Id, "hello there", Ct);
        ResultEvent? result = null;
        await foreach (var e in runs.Events.SubscribeAsync(tab.Id, 0, includeLiveOnly: false, Ct))
        {
            if (e.Kind == AgentEventKinds.Result)
            {
                result = (ResultEvent)AgentEventJson.Deserialize(e.PayloadJson);
                break;
            }
        }

        await runs.StopAsync(tab.Id, Ct);
        Assert.NotNull(result);
        Assert.False(result.IsError);
        var transcript = await app.App.Get<ITranscripts>().ReadAsync(tab.Id, 0, 100, Ct);
        Assert.Contains(transcript, e => e.PayloadJson.Contains("ok: hello there", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forking_is_offered_only_for_kinds_with_a_forker()
    {
        await using var app = await StartAsync();
        var kinds = app.App.Get<IAgentKinds>();

        Assert.True(kinds.CanFork("claude-code"));
        Assert.False(kinds.CanFork(FakeAgentKind.Kind));
        Assert.Equal("Fake Two", kinds.DisplayNameOf(FakeAgentKind.Kind));
        Assert.Equal("mystery", kinds.DisplayNameOf("mystery"));
        Assert.True(kinds.CanFork("codex"));
        Assert.Equal(["claude-code", "codex", "fake-two", "fake-missing"], kinds.Kinds);
    }

    [Fact]
    public async Task Probes_are_reused_for_a_while_and_run_again_when_asked_or_stale()
    {
        using var folder = new TempDirectory("grove-claude");
        var runs = folder.Combine("runs.txt");
        var claude = folder.Combine("claude");
        await File.WriteAllTextAsync(claude, $"#!/bin/sh\necho run >> '{runs}'\necho '2.1.400 (Claude Code)'\n", Ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(claude, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(services => services.AddSingleton<TimeProvider>(time));
        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.ClaudePath, claude, Ct);
        var kinds = app.App.Get<IAgentKinds>();
        int Runs() => File.Exists(runs) ? File.ReadAllLines(runs).Length : 0;

        await kinds.ListAsync(cancellationToken: Ct);
        await kinds.ListAsync(cancellationToken: Ct);
        var cached = Runs();
        time.Advance(TimeSpan.FromSeconds(31));
        await kinds.ListAsync(cancellationToken: Ct);
        var stale = Runs();
        await kinds.ListAsync(refresh: true, Ct);

        Assert.Equal(1, cached);
        Assert.Equal(2, stale);
        Assert.Equal(3, Runs());
    }

    private static async Task<string> WorkspaceAsync(TestApp app, TestRepository repo)
    {
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        return (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "kinds", NoFetch = true }, cancellationToken: Ct)).Workspace.Id;
    }
}
