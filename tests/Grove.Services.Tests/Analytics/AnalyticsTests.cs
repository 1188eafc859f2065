using Grove.Agents;
using Grove.Core.Domain;
using Grove.Core.Paths;
using Grove.Services.Agents;
using Grove.Services.Analytics;
using Grove.Services.Hosting;
using Grove.Services.Settings;
using Grove.Testing;
using Grove.Testing.FakePostHog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Grove.Services.Tests.Analytics;

/// <summary>
/// Usage analytics against a fake PostHog on loopback: nothing without opt-in and a key, anonymous
/// events with no paths, prompts, branch names or secrets, opt-out drops the queue at once, an
/// unreachable host costs nothing and loses nothing it can keep.
/// </summary>
public sealed class AnalyticsTests : IAsyncDisposable
{
    private const string Canary = "zebracanary42";

    private static readonly string FakeAgentPath =
        Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Grove.FakeAgent.exe" : "Grove.FakeAgent");

    private readonly TempDirectory _home = new("grove-home");
    private readonly TempDirectory _scripts = new("grove-fake");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly AnalyticsOptions _options = new() { FlushInterval = TimeSpan.FromMinutes(10) };
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal) { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin" };
    private GroveApp? _app;

    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    private GroveApp App => _app!;

    private IAnalytics Analytics => App.Get<IAnalytics>();

    private async Task StartAsync(FakePostHogServer? server = null, bool optIn = true, Uri? host = null)
    {
        var script = _scripts.Combine("turns.json");
        await File.WriteAllTextAsync(script, """[{"op":"turns"}]""", Ct);
        _environment["HOME"] = _home.Path;
        _app = await GroveApp.StartAsync(new GrovePaths(_home.Path), configureServices: services =>
        {
            services.AddSingleton<TimeProvider>(_time);
            services.AddSingleton(_options);
            services.AddSingleton(new AgentHostEnvironment(_environment, _home.Path));
            services.AddSingleton(_ =>
            {
                var options = new AgentRunOptions { ExecutablePath = FakeAgentPath };
                options.ExtraEnvironment["FAKE_AGENT_SCRIPT"] = script;
                return options;
            });
        }, cancellationToken: Ct);
        var settings = App.Get<ISettingsService>();
        if (server is not null)
        {
            await settings.SetAsync(SettingKeys.PostHogKey, server.ProjectKey, Ct);
        }

        if ((host ?? server?.BaseUrl) is { } url)
        {
            await settings.SetAsync(SettingKeys.PostHogHost, url.ToString(), Ct);
        }

        if (optIn)
        {
            await settings.SetAsync(SettingKeys.AnalyticsOptIn, "true", Ct);
        }
    }

    /// <summary>A project in a folder, a workspace on a branch, a tab and one message, each named with the canary.</summary>
    private async Task UseGroveAsync(TestRepository repo)
    {
        var project = await App.Get<Grove.Services.Projects.IProjectService>().AddAsync(repo.Path, cancellationToken: Ct);
        var workspace = (await App.Get<Grove.Services.Workspaces.IWorkspaceService>().CreateAsync(
            new() { Project = project.Name, Name = $"ws-{Canary}", Branch = $"feature/{Canary}" }, cancellationToken: Ct)).Workspace;
        var tab = await App.Get<IAgentTabs>().CreateAsync(new CreateTabRequest { Workspace = workspace.Id, Name = $"tab-{Canary}", PermissionMode = PermissionMode.Bypass }, Ct);
        await App.Get<IAgentRuns>().SendAsync(tab.Id, $"please read /home/{Canary}/notes.txt with key sk-ant-{Canary}", Ct);
        File.WriteAllText(Path.Combine(workspace.WorktreePath, $"{Canary}.txt"), "x");
        await App.Get<Grove.Services.Changes.IWorkspaceChanges>().CommitAsync(workspace.Id, $"commit {Canary}", stageAll: true, cancellationToken: Ct);
        var other = (await App.Get<Grove.Services.Workspaces.IWorkspaceService>().CreateAsync(
            new() { Project = project.Name, Name = $"other-{Canary}" }, cancellationToken: Ct)).Workspace;
        await App.Get<Grove.Services.Workspaces.IWorkspaceService>().ArchiveAsync(other.Id, cancellationToken: Ct);
    }

    [Fact]
    public async Task Nothing_is_sent_without_opt_in_even_with_a_key()
    {
        await using var server = await FakePostHogServer.StartAsync();
        await StartAsync(server, optIn: false);
        using var repo = TestRepository.Create();

        await UseGroveAsync(repo);
        await Analytics.FlushAsync(Ct);

        Assert.Empty(server.RawBodies);
        var status = await Analytics.GetStatusAsync(Ct);
        Assert.False(status.Sending);
        Assert.Contains("opt in", status.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opted_in_without_a_key_sends_nothing_and_says_why()
    {
        await using var server = await FakePostHogServer.StartAsync();
        await StartAsync(server: null, host: server.BaseUrl);
        using var repo = TestRepository.Create();

        await UseGroveAsync(repo);
        await Analytics.FlushAsync(Ct);

        Assert.Empty(server.RawBodies);
        var status = await Analytics.GetStatusAsync(Ct);
        Assert.False(status.Sending);
        Assert.Contains("no PostHog project key", status.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opted_in_the_seeds_events_arrive_anonymous_and_hold_no_paths_prompts_or_names()
    {
        await using var server = await FakePostHogServer.StartAsync();
        await StartAsync(server);
        await App.Get<ISettingsService>().SetSecretAsync("anthropic.api_key", $"sk-ant-{Canary}-secret", Ct);
        using var repo = TestRepository.Create();

        await UseGroveAsync(repo);
        await Analytics.FlushAsync(Ct);
        await Analytics.FlushAsync(Ct);

        var events = server.Events;
        var names = events.Select(e => e.Name).ToList();
        Assert.Equal(
            [AnalyticsEvents.FirstLaunch, AnalyticsEvents.ProjectOpened, AnalyticsEvents.WorkspaceCreated, AnalyticsEvents.TabCreated, AnalyticsEvents.MessageSent, AnalyticsEvents.CommitCreated, AnalyticsEvents.WorkspaceCreated, AnalyticsEvents.WorkspaceArchived],
            names);
        var id = Assert.Single(events.Select(e => e.DistinctId).Distinct());
        Assert.True(Guid.TryParse(id, out _));
        var message = events.Single(e => e.Name == AnalyticsEvents.MessageSent).Properties;
        Assert.Equal("claude-code", message["agent_kind"]!.GetValue<string>());
        Assert.False(message["has_images"]!.GetValue<bool>());
        Assert.Equal("api_key", message["connection_method"]!.GetValue<string>());
        Assert.Equal("signed_out", message["plan"]!.GetValue<string>());
        Assert.False(message["$process_person_profile"]!.GetValue<bool>());

        // Byte for byte: no path, prompt, branch, workspace or tab name, file name, commit message or secret.
        var raw = string.Concat(server.RawBodies);
        Assert.DoesNotContain(Canary, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(repo.Path, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(_home.Path, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Properties_outside_the_allowed_keys_and_values_are_dropped()
    {
        await using var server = await FakePostHogServer.StartAsync();
        await StartAsync(server);

        Analytics.Track(AnalyticsEvents.MessageSent, new Dictionary<string, object>
        {
            ["prompt"] = Canary,
            ["mode"] = $"/home/{Canary}",
            ["agent_kind"] = "Some Agent With Spaces",
            ["source"] = "git",
            ["count"] = 3,
        });
        await Analytics.FlushAsync(Ct);

        var sent = server.Events.Single(e => e.Name == AnalyticsEvents.MessageSent).Properties;
        Assert.False(sent.ContainsKey("prompt"));
        Assert.False(sent.ContainsKey("mode"));
        Assert.False(sent.ContainsKey("agent_kind"));
        Assert.Equal("git", sent["source"]!.GetValue<string>());
        Assert.Equal(3, sent["count"]!.GetValue<int>());
        Assert.DoesNotContain(Canary, string.Concat(server.RawBodies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opting_out_drops_queued_events_at_once()
    {
        await using var server = await FakePostHogServer.StartAsync();
        await StartAsync(server);
        await Analytics.FlushAsync(Ct);
        var before = server.RawBodies.Count;

        Analytics.Track(AnalyticsEvents.TabCreated);
        Analytics.Track(AnalyticsEvents.MessageSent);
        Assert.Equal(2, ((PostHogAnalytics)Analytics).Queued);

        await App.Get<ISettingsService>().SetAsync(SettingKeys.AnalyticsOptIn, "false", Ct);

        Assert.Equal(0, ((PostHogAnalytics)Analytics).Queued);
        Analytics.Track(AnalyticsEvents.MessageSent);
        await Analytics.FlushAsync(Ct);
        Assert.Equal(before, server.RawBodies.Count);
        Assert.DoesNotContain(server.Events, e => e.Name is AnalyticsEvents.TabCreated or AnalyticsEvents.MessageSent);
    }

    [Fact]
    public async Task Do_not_track_wins_over_the_opt_in()
    {
        await using var server = await FakePostHogServer.StartAsync();
        _environment["DO_NOT_TRACK"] = "1";
        await StartAsync(server);

        Analytics.Track(AnalyticsEvents.TabCreated);
        await Analytics.FlushAsync(Ct);

        Assert.Empty(server.RawBodies);
        Assert.Contains("DO_NOT_TRACK", (await Analytics.GetStatusAsync(Ct)).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_host_keeps_a_bounded_queue_and_a_failed_batch_is_sent_later()
    {
        _options.MaxQueued = 5;
        await using var server = await FakePostHogServer.StartAsync();
        await StartAsync(server: null, host: new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/"));
        await App.Get<ISettingsService>().SetAsync(SettingKeys.PostHogKey, server.ProjectKey, Ct);

        for (var i = 0; i < 20; i++)
        {
            Analytics.Track(AnalyticsEvents.MessageSent, new Dictionary<string, object> { ["count"] = i });
        }

        Assert.Equal(5, ((PostHogAnalytics)Analytics).Queued);
        await Analytics.FlushAsync(Ct);
        Assert.Equal(5, ((PostHogAnalytics)Analytics).Queued);

        // The host comes back but refuses once: the batch is kept, then sent whole, newest five in order.
        await App.Get<ISettingsService>().SetAsync(SettingKeys.PostHogHost, server.BaseUrl.ToString(), Ct);
        server.FailNext(1);
        await Analytics.FlushAsync(Ct);
        Assert.Empty(server.Events);
        await Analytics.FlushAsync(Ct);

        var counts = server.Events.Where(e => e.Name == AnalyticsEvents.MessageSent).Select(e => e.Properties["count"]!.GetValue<int>()).ToList();
        Assert.Equal([15, 16, 17, 18, 19], counts);
        Assert.Equal(0, ((PostHogAnalytics)Analytics).Queued);
    }

    [Fact]
    public async Task The_background_sender_flushes_on_its_interval_and_first_launch_is_sent_once()
    {
        await using var server = await FakePostHogServer.StartAsync();
        await StartAsync(server);

        Analytics.Track(AnalyticsEvents.AppOpened);
        await WaitUntilQueuedAsync();
        _time.Advance(_options.FlushInterval);
        var first = await server.WaitForEventsAsync(2, TimeSpan.FromSeconds(30));
        Assert.Equal([AnalyticsEvents.FirstLaunch, AnalyticsEvents.AppOpened], first.Select(e => e.Name));

        // Grove starts again on the same data: the same install id, no second first_launch.
        await App.DisposeAsync();
        await StartAsync(server);
        Analytics.Track(AnalyticsEvents.AppOpened);
        await Analytics.FlushAsync(Ct);

        var all = server.Events;
        Assert.Single(all, e => e.Name == AnalyticsEvents.FirstLaunch);
        Assert.Equal(2, all.Count(e => e.Name == AnalyticsEvents.AppOpened));
        Assert.Single(all.Select(e => e.DistinctId).Distinct());
    }

    /// <summary>The sender's first delay is registered once the loop started: advancing the clock before would be lost.</summary>
    private async Task WaitUntilQueuedAsync()
    {
        var ct = Ct;
        while (!((PostHogAnalytics)Analytics).LoopWaiting)
        {
            await Task.Delay(20, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _scripts.Dispose();
        _home.Dispose();
    }
}
