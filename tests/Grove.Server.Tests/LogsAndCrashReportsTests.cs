using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grove.Server.Tests.TestServices;
using Grove.Services;
using Grove.Services.Doctor;
using Grove.Services.Settings;
using Grove.Services.Telemetry;
using Grove.Testing.FakeSentry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Grove.Server.Tests;

public sealed class LogsAndCrashReportsTests
{
    private static readonly string Home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    [Fact]
    public async Task Request_logging_never_writes_a_canary_from_the_query_the_headers_or_the_server_token()
    {
        var canary = "canary" + Guid.NewGuid().ToString("N");
        await using var bed = await ServerBed.StartAsync();
        await bed.Server.Services.GetRequiredService<ISettingsService>().SetSecretAsync(SettingKeys.GitHubTokenSecret, canary, ServerBed.Ct);

        using (var request = new HttpRequestMessage(HttpMethod.Get, $"api/projects?token={canary}&q={canary}&code={canary}"))
        {
            request.Headers.Add("Cookie", $"grove_session={canary}");
            using var response = await bed.Client.SendAsync(request, ServerBed.Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, $"api/projects?access_token={canary}"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", canary);
            using var response = await bed.Anonymous.SendAsync(request, ServerBed.Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (await bed.Anonymous.GetAsync($"login?token={bed.Server.Token.Value}", ServerBed.Ct))
        {
        }

        var entries = await bed.GetJsonAsync<List<JsonElement>>("api/logs?level=info&lines=100");
        await bed.Server.StopAsync(ServerBed.Ct);

        var texts = Directory.EnumerateFiles(bed.Paths.LogsDirectory, "*", SearchOption.AllDirectories).Select(ReadShared).ToList();
        var all = string.Join('\n', texts);
        Assert.Contains("GET /api/projects?token=", all);
        Assert.DoesNotContain(canary, all);
        Assert.DoesNotContain(bed.Server.Token.Value, all);
        Assert.All(entries, e => Assert.DoesNotContain(canary, e.GetProperty("text").GetString()!));
    }

    [Fact]
    public async Task An_unexpected_request_error_is_logged_with_its_type_and_reported_without_secrets_or_home_paths()
    {
        var canary = "canary" + Guid.NewGuid().ToString("N");
        await using var sentry = await FakeSentryServer.StartAsync(ServerBed.Ct);
        await using var bed = await ServerBed.StartAsync(configureServices: services =>
        {
            services.AddSingleton(new TelemetryOptions { SentryDsn = sentry.Dsn, HomeDirectory = Home });
            services.AddSingleton<IDoctorService>(new ThrowingDoctor($"cannot open {Path.Combine(Home, "code", "app")} with {canary}"));
        });
        await bed.Server.Services.GetRequiredService<ISettingsService>().SetSecretAsync(SettingKeys.GitHubTokenSecret, canary, ServerBed.Ct);

        using (var response = await bed.Client.GetAsync("api/doctor", ServerBed.Ct))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        var envelope = await sentry.NextEnvelopeAsync(ServerBed.Ct);
        Assert.Contains("InvalidOperationException", envelope);
        Assert.Contains("GET /api/doctor failed unexpectedly", envelope);
        Assert.Contains("~/code/app", envelope);
        Assert.DoesNotContain(canary, envelope);
        Assert.DoesNotContain(Home + "/", envelope);
        Assert.DoesNotContain(bed.Server.Token.Value, envelope);

        await bed.Server.StopAsync(ServerBed.Ct);
        var log = string.Join('\n', Directory.EnumerateFiles(bed.Paths.LogsDirectory, "grove-*.log").Select(ReadShared));
        Assert.Contains("[ERR] Grove.Server.Errors.GroveExceptionHandler: GET /api/doctor failed unexpectedly — System.InvalidOperationException: cannot open", log);
        Assert.DoesNotContain(canary, log);
    }

    [Fact]
    public async Task A_background_service_that_fails_sends_a_report()
    {
        await using var sentry = await FakeSentryServer.StartAsync(ServerBed.Ct);
        await using var bed = await ServerBed.StartAsync(configureServices: services =>
        {
            services.AddSingleton(new TelemetryOptions { SentryDsn = sentry.Dsn, HomeDirectory = Home });
            services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
            services.AddHostedService<FailingService>();
        });

        var envelope = await sentry.NextEnvelopeAsync(ServerBed.Ct);

        Assert.Contains("the background job broke", envelope);
        Assert.Contains("FailingService", envelope);
    }

    [Fact]
    public async Task Without_a_dsn_a_failing_request_sends_nothing()
    {
        await using var sentry = await FakeSentryServer.StartAsync(ServerBed.Ct);
        await using var bed = await ServerBed.StartAsync(configureServices: services =>
            services.AddSingleton<IDoctorService>(new ThrowingDoctor("boom")));

        using (var response = await bed.Client.GetAsync("api/doctor", ServerBed.Ct))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        await bed.Server.StopAsync(ServerBed.Ct);
        Assert.Empty(sentry.Envelopes);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private sealed class ThrowingDoctor(string message) : IDoctorService
    {
        public Task<DoctorReport> CheckAsync(bool fix, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException(message);
    }

    private sealed class FailingService : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("the background job broke");
        }
    }
}
