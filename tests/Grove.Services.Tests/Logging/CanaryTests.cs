using Grove.Agents;
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
}
