using System.Text;
using Grove.Core.Paths;
using Grove.Services.Doctor;
using Grove.Services.Hosting;
using Grove.Testing;
using Grove.Testing.FakeSentry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grove.Cli.Tests;

public sealed class LogsCommandTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Logs_prints_the_newest_entries_and_level_filters_them_and_a_failed_command_is_logged()
    {
        using var grove = new CliRunner();
        await LogAsync(grove.Home, (LogLevel.Information, "routine entry"), (LogLevel.Warning, "warning entry"), (LogLevel.Error, "error entry"));
        var failed = await grove.RunAsync("project", "add", "/definitely/not/here");
        Assert.Equal(ExitCodes.NotFound, failed.ExitCode);

        var everything = await grove.OkAsync("logs");
        var warnings = await grove.OkAsync("logs", "--level", "warn");
        var lastOne = await grove.OkAsync("logs", "--level", "warn", "--lines", "1");

        Assert.Contains("[INF] Grove.Tests.Cli: routine entry", everything);
        Assert.DoesNotContain("routine entry", warnings);
        Assert.Contains("[WRN] Grove.Tests.Cli: warning entry", warnings);
        Assert.Contains("[ERR] Grove.Tests.Cli: error entry", warnings);
        Assert.Contains("grove project add failed: ", warnings);
        Assert.Single(lastOne.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("grove project add failed: ", lastOne);
    }

    [Fact]
    public async Task Logs_refuses_an_unknown_level()
    {
        using var grove = new CliRunner();

        var result = await grove.RunAsync("logs", "--level", "loud");

        Assert.Equal(ExitCodes.For(Core.Errors.ErrorKind.InvalidInput), result.ExitCode);
        Assert.Contains("not a log level", result.Error);
    }

    [Fact]
    public async Task Follow_prints_an_entry_written_after_it_started()
    {
        using var home = new TempDirectory("grove-cli-home");
        await LogAsync(home.Path, (LogLevel.Warning, "before following"));
        var output = new SignalingWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var environment = new Dictionary<string, string> { ["GROVE_HOME"] = home.Path };
        var following = GroveCli.RunAsync(["logs", "--follow", "--level", "warn"], output, TextWriter.Null, k => environment.GetValueOrDefault(k), stop.Token);

        await output.WaitForAsync("before following", Ct);
        await LogAsync(home.Path, (LogLevel.Information, "info while following"), (LogLevel.Warning, "written while following"));
        await output.WaitForAsync("written while following", Ct);
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Success, await following);
        Assert.DoesNotContain("info while following", output.Text);
    }

    [Fact]
    public async Task An_unexpected_command_error_sends_a_crash_report_only_with_a_dsn()
    {
        await using var sentry = await FakeSentryServer.StartAsync(Ct);
        using var grove = new CliRunner { ConfigureServices = s => s.AddSingleton<IDoctorService>(new ThrowingDoctor()) };

        var withoutDsn = await grove.RunAsync("doctor");
        Assert.Equal(ExitCodes.Failure, withoutDsn.ExitCode);
        Assert.Empty(sentry.Envelopes);

        grove.Environment["GROVE_SENTRY_DSN"] = sentry.Dsn;
        var withDsn = await grove.RunAsync("doctor");

        Assert.Equal(ExitCodes.Failure, withDsn.ExitCode);
        var envelope = Assert.Single(sentry.Envelopes);
        Assert.Contains("grove doctor failed unexpectedly", envelope);
        Assert.Contains("the doctor broke", envelope);
        Assert.Contains("[FTL] Grove.Services.Telemetry.FailureLog: grove doctor failed unexpectedly — System.InvalidOperationException: the doctor broke", await grove.OkAsync("logs", "--level", "error"));
    }

    private static async Task LogAsync(string home, params (LogLevel Level, string Message)[] entries)
    {
        await using var app = await GroveApp.StartAsync(new GrovePaths(home), cancellationToken: Ct);
        var logger = app.Get<ILoggerFactory>().CreateLogger("Grove.Tests.Cli");
        foreach (var (level, message) in entries)
        {
#pragma warning disable CA2254
            logger.Log(level, message);
#pragma warning restore CA2254
        }
    }

    private sealed class ThrowingDoctor : IDoctorService
    {
        public Task<DoctorReport> CheckAsync(bool fix, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the doctor broke");
    }
}
