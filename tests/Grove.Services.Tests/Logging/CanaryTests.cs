using System.Text.Json.Nodes;
using Grove.Agents;
using Grove.Core.Mcp;
using Grove.Integrations.Telemetry;
using Grove.Services.Analytics;
using Grove.Services.Mcp;
using Grove.Services.Telemetry;
using Grove.Testing.FakePostHog;
using Grove.Testing.FakeSentry;
using Microsoft.AspNetCore.Http;
using Grove.Core.Errors;
using Grove.Core.Agents;
using Grove.Git;
using Grove.Git.Security;
using Grove.Services.Agents;
using Grove.Services.Logging;
using Grove.Services.Settings;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Tests.Logging;

/// <summary>
/// A canary secret, stored as Grove's GitHub token, and a canary API key pushed through every path
/// that writes a log: the agent's stdout and stderr (the fake agent prints them), a git failure whose
/// output holds it, an exception message and structured values. At debug level, so every path writes.
/// Then every file under &lt;data&gt;/logs — Grove's log and the raw agent log — is scanned.
/// </summary>
public sealed class CanaryTests
{
    private static readonly string FakeAgentPath =
        Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Grove.FakeAgent.exe" : "Grove.FakeAgent");

    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task The_canary_appears_in_no_log_file_and_no_raw_agent_log()
    {
        var canary = "canary" + Guid.NewGuid().ToString("N");
        var keyCanary = "sk-ant-api03-" + Guid.NewGuid().ToString("N");
        using var scratch = new TempDirectory("grove-canary");
        await using var app = await TestApp.StartAsync(services =>
            services.AddSingleton(GroveLogOptions.FromEnvironment(n => n == "GROVE_LOG_LEVEL" ? "debug" : null)));
        await app.App.Get<ISettingsService>().SetSecretAsync(SettingKeys.GitHubTokenSecret, canary, Ct);
        var logger = app.App.Get<ILoggerFactory>().CreateLogger("Grove.Tests.Canary");

        // Agent stdout and stderr, through the real session with the raw log on.
        var script = scratch.Combine("script.json");
        await File.WriteAllTextAsync(script, $$"""
            [
              {"op":"print","line":"{\"type\":\"system\",\"subtype\":\"note\",\"text\":\"token {{canary}} key {{keyCanary}}\"}"},
              {"op":"stderr","text":"error: auth failed with {{canary}} and {{keyCanary}}"},
              {"op":"exit","code":3}
            ]
            """, Ct);
        Directory.CreateDirectory(scratch.Combine("worktree"));
        var rawLog = Path.Combine(AgentLogJanitor.Folder(app.Paths), "canary.jsonl");
        var driver = app.App.Get<IAgentDrivers>().Get("claude-code");
        await using (var session = await driver.StartAsync(
            new AgentStartOptions
            {
                WorkingDirectory = scratch.Combine("worktree"),
                ExecutablePath = FakeAgentPath,
                RawLogPath = rawLog,
                Environment = new Dictionary<string, string> { ["FAKE_AGENT_SCRIPT"] = script },
            },
            Ct))
        {
            var events = new List<AgentEvent>();
            await foreach (var agentEvent in session.ReadEventsAsync(Ct))
            {
                events.Add(agentEvent);
            }

            var exit = Assert.Single(events.OfType<ErrorEvent>());
            Assert.DoesNotContain(canary, exit.Message + exit.StderrTail);
            Assert.DoesNotContain(keyCanary, exit.Message + exit.StderrTail);
        }

        // A git failure whose output holds the canary, logged as a service would.
        using (var repo = TestRepository.Create())
        {
            var ex = await Assert.ThrowsAsync<GitCommandException>(() => app.App.Get<IGitRunner>().RunAsync(
                repo.Path, GitCommand.Create("checkout").Arg(canary), cancellationToken: Ct));
            logger.LogWarning(ex, "git failed: {Reason} ({Arguments})", ex.Message, string.Join(' ', ex.Arguments));
        }

        // An exception message and structured values.
        logger.LogError(new InvalidOperationException($"upstream said {canary}"), "Request with {Header} failed", $"Authorization: Bearer {canary}");
        logger.LogInformation("Calling https://x-access-token:{Token}@github.com/o/r.git?token={Token}", canary, keyCanary);

        // Raw text in a message template (an interpolated string), the way careless code logs.
#pragma warning disable CA2254
        logger.LogInformation($"interpolated {canary} {keyCanary}");
#pragma warning restore CA2254

        await app.App.DisposeAsync();

        var files = LogTestFiles.EverythingUnder(app.Paths.LogsDirectory).ToList();
        Assert.Contains(files, f => f.Path == rawLog);
        Assert.Contains(files, f => Path.GetFileName(f.Path).StartsWith("grove-", StringComparison.Ordinal));
        foreach (var (path, text) in files)
        {
            Assert.False(text.Contains(canary, StringComparison.Ordinal), $"{path} holds the canary:\n{text}");
            Assert.False(text.Contains(keyCanary, StringComparison.Ordinal), $"{path} holds the key canary:\n{text}");
        }

        // Each path did write (the scan is not vacuous).
        var log = LogTestFiles.ReadAll(app.Paths);
        Assert.Contains("stderr: error: auth failed with *** and ***", log);
        Assert.Contains("\"text\":\"token *** key ***\"", log);
        Assert.Contains("git failed: git checkout failed", log);
        Assert.Contains("System.InvalidOperationException: upstream said ***", log);
        Assert.Contains("interpolated *** ***", log);
        Assert.Contains("\"text\":\"token *** key ***\"", await File.ReadAllTextAsync(rawLog, Ct));
    }

    /// <summary>
    /// MCP server errors (issue 15): a stdio server that prints the canary on stderr, answers
    /// <c>initialize</c> with an error holding it and exits; an HTTP server whose JSON-RPC error holds it;
    /// one that answers 500 with it in the body. Each is probed (what the MCP settings and a tab's start
    /// do), the error is reported as a crash would be, and then no log file, raw agent log, Sentry
    /// envelope or PostHog payload may hold the canary — nor the error the UI shows.
    /// </summary>
    [Fact]
    public async Task An_mcp_servers_errors_with_the_canary_reach_no_log_no_crash_report_and_no_analytics()
    {
        var canary = "canary" + Guid.NewGuid().ToString("N");
        var keyCanary = "sk-ant-api03-" + Guid.NewGuid().ToString("N");
        using var scratch = new TempDirectory("grove-canary-mcp");
        await using var sentry = await FakeSentryServer.StartAsync(Ct);
        await using var posthog = await FakePostHogServer.StartAsync();
        await using var app = await TestApp.StartAsync(services =>
        {
            services.AddSingleton(GroveLogOptions.FromEnvironment(n => n == "GROVE_LOG_LEVEL" ? "debug" : null));
            services.AddSingleton(new TelemetryOptions { SentryDsn = sentry.Dsn, HomeDirectory = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) });
        });
        var settings = app.App.Get<ISettingsService>();
        await settings.SetSecretAsync(SettingKeys.GitHubTokenSecret, canary, Ct);
        await settings.SaveAsync(new Dictionary<string, string?>
        {
            [SettingKeys.PostHogKey] = posthog.ProjectKey,
            [SettingKeys.PostHogHost] = posthog.BaseUrl.AbsoluteUri,
            [SettingKeys.AnalyticsOptIn] = "true",
        }, Ct);

        var stdio = scratch.Combine("failing-mcp.py");
        await File.WriteAllTextAsync(stdio, $$"""
            import json, sys
            request = json.loads(sys.stdin.readline())
            sys.stderr.write("fatal: the service refused token {{canary}} (key {{keyCanary}})\n")
            sys.stderr.flush()
            error = {"code": -32001, "message": "auth failed for {{canary}} / {{keyCanary}}"}
            sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": request["id"], "error": error}) + "\n")
            sys.stdout.flush()
            sys.exit(3)
            """, Ct);
        await using var rpcError = await LoopbackHost.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var id = JsonNode.Parse(await reader.ReadToEndAsync())?["id"]?.DeepClone();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = id,
                ["error"] = new JsonObject { ["code"] = -32001, ["message"] = $"upstream rejected {canary} and {keyCanary}" },
            }.ToJsonString());
        }, Ct);
        await using var serverError = await LoopbackHost.StartAsync(async context =>
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync($"internal error: token={canary} key {keyCanary}");
        }, Ct);

        var servers = app.App.Get<IMcpServers>();
        await servers.SaveAsync(new McpAddRequest(
            new McpServerDefinition { Name = "stdio-fails", Command = "python3", Args = [stdio], Env = new Dictionary<string, string> { ["SERVICE_TOKEN"] = canary } }, McpScope.User, null), Ct);
        await servers.SaveAsync(new McpAddRequest(new McpServerDefinition { Name = "http-rpc-error", Transport = McpTransport.Http, Url = new Uri(rpcError.BaseUrl, "mcp").AbsoluteUri }, McpScope.User, null), Ct);
        await servers.SaveAsync(new McpAddRequest(new McpServerDefinition { Name = "http-500", Transport = McpTransport.Http, Url = new Uri(serverError.BaseUrl, "mcp").AbsoluteUri }, McpScope.User, null), Ct);

        var probes = new List<McpServerView>();
        foreach (var name in new[] { "stdio-fails", "http-rpc-error", "http-500" })
        {
            probes.Add(await servers.TestAsync(name, null, null, Ct));
        }

        foreach (var probe in probes)
        {
            Assert.Equal(McpServerStatus.Failed, probe.Probe.Status);
            Assert.NotNull(probe.Probe.Error);
            Assert.DoesNotContain(canary, probe.Probe.Error);
            Assert.DoesNotContain(keyCanary, probe.Probe.Error);
        }

        // A failing use case reports what it was told (the way an unexpected error reaches Sentry), after
        // the MCP warnings became breadcrumbs; analytics sends what it queued.
        await app.App.Get<IFailureLog>().RecordAsync("mcp test", new InvalidOperationException(
            $"MCP failed: {string.Join("; ", probes.Select(p => p.Probe.Error))} token {canary}"), Ct);
        string envelope;
        do
        {
            // Earlier envelopes may come first (an MCP client error logged on the way is reported too).
            envelope = await sentry.NextEnvelopeAsync(Ct);
        }
        while (!envelope.Contains("MCP failed", StringComparison.Ordinal));

        app.App.Get<IAnalytics>().Track(AnalyticsEvents.ProjectOpened);
        await app.App.Get<IAnalytics>().FlushAsync(Ct);
        await app.App.DisposeAsync();

        Assert.Contains("InvalidOperationException", envelope);
        Assert.NotEmpty(posthog.RawBodies);
        foreach (var (what, text) in new[] { ("the Sentry envelopes", string.Concat(sentry.Envelopes)), ("the PostHog payloads", string.Concat(posthog.RawBodies)) })
        {
            Assert.False(text.Contains(canary, StringComparison.Ordinal), $"{what} hold the canary:\n{text}");
            Assert.False(text.Contains(keyCanary, StringComparison.Ordinal), $"{what} hold the key canary:\n{text}");
        }

        foreach (var (path, text) in LogTestFiles.EverythingUnder(app.Paths.LogsDirectory))
        {
            Assert.False(text.Contains(canary, StringComparison.Ordinal), $"{path} holds the canary:\n{text}");
            Assert.False(text.Contains(keyCanary, StringComparison.Ordinal), $"{path} holds the key canary:\n{text}");
        }

        // Each MCP path did write (the scan is not vacuous): the MCP client's log lines, masked.
        var log = LogTestFiles.ReadAll(app.Paths);
        Assert.Contains("stdio-fails received stderr log: 'fatal: the service refused token *** (key ***)'", log);
        Assert.Contains("stdio-fails request failed for method 'server/discover': auth failed for *** / ***", log);
        Assert.Contains("http-rpc-error request failed for method 'server/discover': upstream rejected *** and ***", log);
        Assert.Contains("Response body: internal error: token=*** key ***", log);
    }
}
