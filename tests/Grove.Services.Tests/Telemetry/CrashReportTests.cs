using Grove.Integrations.Telemetry;
using Grove.Services.Settings;
using Grove.Services.Telemetry;
using Grove.Testing;
using Grove.Testing.FakeSentry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Tests.Telemetry;

public sealed class CrashReportTests
{
    private static readonly string Home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Without_a_dsn_nothing_is_sent()
    {
        await using var sentry = await FakeSentryServer.StartAsync(Ct);
        await using var app = await TestApp.StartAsync(s => s.AddSingleton(new TelemetryOptions { HomeDirectory = Home }));

        await app.App.Get<IFailureLog>().RecordAsync("doctor", new InvalidOperationException("boom"), Ct);
        await app.App.Get<ICrashReporter>().FlushAsync(TimeSpan.FromSeconds(5));

        Assert.False(app.App.Get<ICrashReporter>().IsEnabled);
        Assert.Empty(sentry.Envelopes);
    }

    [Fact]
    public async Task In_Development_nothing_is_sent_even_with_a_dsn()
    {
        await using var sentry = await FakeSentryServer.StartAsync(Ct);
        await using var app = await TestApp.StartAsync(s => s.AddSingleton(
            TelemetryOptions.FromEnvironment(n => n switch { "GROVE_SENTRY_DSN" => sentry.Dsn, "DOTNET_ENVIRONMENT" => "Development", _ => null })));

        await app.App.Get<IFailureLog>().RecordAsync("doctor", new InvalidOperationException("boom"), Ct);
        await app.App.Get<ICrashReporter>().FlushAsync(TimeSpan.FromSeconds(5));

        Assert.False(app.App.Get<ICrashReporter>().IsEnabled);
        Assert.Empty(sentry.Envelopes);
    }

    [Fact]
    public async Task With_a_dsn_an_unexpected_error_sends_a_report_without_secrets_home_paths_or_user()
    {
        var canary = "canary" + Guid.NewGuid().ToString("N");
        await using var sentry = await FakeSentryServer.StartAsync(Ct);
        await using var app = await TestApp.StartAsync(s => s.AddSingleton(new TelemetryOptions { SentryDsn = sentry.Dsn, HomeDirectory = Home }));
        await app.App.Get<ISettingsService>().SetSecretAsync(SettingKeys.GitHubTokenSecret, canary, Ct);
        var logger = app.App.Get<ILoggerFactory>().CreateLogger("Grove.Tests.Crash");
        logger.LogWarning("Opened {Folder} with {Token}", Path.Combine(Home, "code", "secret-project"), canary);

        await app.App.Get<IFailureLog>().RecordAsync(
            "ws create",
            Thrown(new InvalidOperationException($"Could not read {Path.Combine(Home, "code", "secret-project")} with token {canary} (Authorization: Bearer {canary})")),
            Ct);

        var envelope = await sentry.NextEnvelopeAsync(Ct);
        Assert.Contains("InvalidOperationException", envelope);
        Assert.Contains("~/code/secret-project", envelope);
        Assert.Contains("grove ws create failed unexpectedly", envelope);
        Assert.Contains(CrashReporting.Release.Split('+')[0], envelope);
        Assert.DoesNotContain(canary, envelope);
        Assert.DoesNotContain(Home + "/", envelope);
        Assert.DoesNotContain(Environment.MachineName, envelope);
        Assert.DoesNotContain(Environment.UserName + "\"", envelope);
    }

    [Fact]
    public async Task A_dsn_from_the_setting_is_used_at_the_next_start()
    {
        await using var sentry = await FakeSentryServer.StartAsync(Ct);
        using var home = new TempDirectory("grove-home");
        var paths = new Core.Paths.GrovePaths(home.Path);
        await using (var first = await Hosting.GroveApp.StartAsync(paths, configureServices: s => s.AddSingleton(new TelemetryOptions { HomeDirectory = Home }), cancellationToken: Ct))
        {
            await first.Get<ISettingsService>().SetAsync(SettingKeys.SentryDsn, sentry.Dsn, Ct);
            Assert.False(first.Get<ICrashReporter>().IsEnabled);
        }

        await using var second = await Hosting.GroveApp.StartAsync(paths, configureServices: s => s.AddSingleton(new TelemetryOptions { HomeDirectory = Home }), cancellationToken: Ct);
        second.Get<ILoggerFactory>().CreateLogger("Grove.Tests.Crash").LogError(Thrown(new InvalidOperationException("background failure")), "A background service failed");

        var envelope = await sentry.NextEnvelopeAsync(Ct);
        Assert.Contains("background failure", envelope);
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
