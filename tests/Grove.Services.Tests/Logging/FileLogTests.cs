using System.Text.RegularExpressions;
using Grove.Services.Logging;
using Grove.Services.Settings;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Tests.Logging;

public sealed class FileLogTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Entries_go_to_a_daily_file_as_readable_lines_with_the_exception_type_and_message_but_no_stack_trace()
    {
        await using var app = await TestApp.StartAsync();
        var logger = app.App.Get<ILoggerFactory>().CreateLogger("Grove.Tests.Sample");

        logger.LogInformation("Hello {Number}", 42);
        logger.LogError(Thrown(new InvalidOperationException("boom")), "It failed for {Name}", "alpha");
        logger.LogDebug("Not at the default level");

        var file = Assert.Single(LogTestFiles.GroveLogs(app.Paths));
        Assert.Matches(@"grove-\d{8}\.log$", file);
        var text = LogTestFiles.Read(file);
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d\d:\d\d \[INF\] Grove\.Tests\.Sample: Hello 42$", RegexOptions.Multiline), text);
        Assert.True(text.Contains("[ERR] Grove.Tests.Sample: It failed for alpha — System.InvalidOperationException: boom", StringComparison.Ordinal), text);
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Not at the default level", text);
    }

    [Fact]
    public async Task The_logs_level_setting_takes_effect_at_once_and_debug_adds_stack_traces()
    {
        await using var app = await TestApp.StartAsync();
        var logger = app.App.Get<ILoggerFactory>().CreateLogger("Grove.Tests.Sample");
        logger.LogDebug("debug before");

        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.LogsLevel, "debug", Ct);
        logger.LogDebug("debug after");
        logger.LogError(Thrown(new InvalidOperationException("boom")), "With a trace");

        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.LogsLevel, "warn", Ct);
        logger.LogInformation("info while warning");

        var text = LogTestFiles.ReadAll(app.Paths);
        Assert.DoesNotContain("debug before", text);
        Assert.Contains("[DBG] Grove.Tests.Sample: debug after", text);
        Assert.Contains($"{Environment.NewLine}  System.InvalidOperationException: boom{Environment.NewLine}     at ", text);
        Assert.DoesNotContain("info while warning", text);
        Assert.Equal("warning", (await app.App.Get<ISettingsService>().GetAsync(SettingKeys.LogsLevel, Ct)).Value);
    }

    [Fact]
    public async Task The_level_is_read_from_the_setting_at_start_up_and_GROVE_LOG_LEVEL_wins_over_it()
    {
        using var home = new TempDirectory("grove-home");
        await using (var first = await Hosting.GroveApp.StartAsync(new Core.Paths.GrovePaths(home.Path), cancellationToken: Ct))
        {
            await first.Get<ISettingsService>().SetAsync(SettingKeys.LogsLevel, "debug", Ct);
        }

        await using (var second = await Hosting.GroveApp.StartAsync(new Core.Paths.GrovePaths(home.Path), cancellationToken: Ct))
        {
            second.Get<ILoggerFactory>().CreateLogger("Grove.Tests.Sample").LogDebug("debug from the setting");
        }

        await using (var third = await Hosting.GroveApp.StartAsync(
            new Core.Paths.GrovePaths(home.Path),
            configureServices: s => s.AddSingleton(GroveLogOptions.FromEnvironment(n => n == "GROVE_LOG_LEVEL" ? "warning" : null)),
            cancellationToken: Ct))
        {
            var logger = third.Get<ILoggerFactory>().CreateLogger("Grove.Tests.Sample");
            logger.LogInformation("info under GROVE_LOG_LEVEL=warning");
            logger.LogWarning("warning under GROVE_LOG_LEVEL=warning");
        }

        var text = LogTestFiles.ReadAll(new Core.Paths.GrovePaths(home.Path));
        Assert.Contains("debug from the setting", text);
        Assert.DoesNotContain("info under GROVE_LOG_LEVEL=warning", text);
        Assert.Contains("warning under GROVE_LOG_LEVEL=warning", text);
    }

    [Fact]
    public async Task Microsoft_categories_log_warnings_and_above_only()
    {
        await using var app = await TestApp.StartAsync();
        var logger = app.App.Get<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Sample");

        logger.LogInformation("framework chatter");
        logger.LogWarning("framework warning");

        var text = LogTestFiles.ReadAll(app.Paths);
        Assert.DoesNotContain("framework chatter", text);
        Assert.Contains("[WRN] Microsoft.AspNetCore.Sample: framework warning", text);
    }

    [Fact]
    public async Task Files_older_than_14_days_are_deleted_at_start_up_and_other_files_are_kept()
    {
        using var home = new TempDirectory("grove-home");
        var paths = new Core.Paths.GrovePaths(home.Path);
        Directory.CreateDirectory(paths.LogsDirectory);
        var old = Path.Combine(paths.LogsDirectory, "grove-20200101.log");
        var oldRolled = Path.Combine(paths.LogsDirectory, "grove-20200101_001.log");
        var recent = Path.Combine(paths.LogsDirectory, $"grove-{DateTime.Now.AddDays(-13):yyyyMMdd}.log");
        var other = Path.Combine(paths.LogsDirectory, "notes.txt");
        foreach (var file in new[] { old, oldRolled, recent, other })
        {
            await File.WriteAllTextAsync(file, "x\n", Ct);
        }

        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-15));
        File.SetLastWriteTimeUtc(oldRolled, DateTime.UtcNow.AddDays(-20));
        File.SetLastWriteTimeUtc(recent, DateTime.UtcNow.AddDays(-13));
        File.SetLastWriteTimeUtc(other, DateTime.UtcNow.AddDays(-30));

        await using (await Hosting.GroveApp.StartAsync(paths, cancellationToken: Ct))
        {
        }

        Assert.False(File.Exists(old));
        Assert.False(File.Exists(oldRolled));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(other));
    }

    [Fact]
    public async Task A_file_rolls_over_at_its_size_limit_and_the_total_stays_under_the_cap()
    {
        using var home = new TempDirectory("grove-home");
        var paths = new Core.Paths.GrovePaths(home.Path);
        var options = new GroveLogOptions { FileSizeLimitBytes = 4096, TotalSizeLimitBytes = 16 * 1024 };
        await using (var app = await Hosting.GroveApp.StartAsync(paths, configureServices: s => s.AddSingleton(options), cancellationToken: Ct))
        {
            var logger = app.Get<ILoggerFactory>().CreateLogger("Grove.Tests.Sample");
            for (var i = 0; i < 200; i++)
            {
                logger.LogInformation("Line {Index} {Padding}", i, new string('x', 100));
            }
        }

        var files = LogTestFiles.GroveLogs(paths);
        Assert.True(files.Count > 1, $"expected several files, got {files.Count}");
        // A file takes entries until it reaches the limit: at most one entry more.
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= options.FileSizeLimitBytes + 256, $"{f} is {new FileInfo(f).Length} bytes"));
        Assert.Contains(files, f => Path.GetFileName(f).Contains('_', StringComparison.Ordinal));

        // The next start-up keeps the newest files within the total cap.
        await using (await Hosting.GroveApp.StartAsync(paths, configureServices: s => s.AddSingleton(options), cancellationToken: Ct))
        {
        }

        Assert.True(LogTestFiles.GroveLogs(paths).Sum(f => new FileInfo(f).Length) <= options.TotalSizeLimitBytes + options.FileSizeLimitBytes);
        Assert.Contains("Line 199", LogTestFiles.ReadAll(paths));
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
