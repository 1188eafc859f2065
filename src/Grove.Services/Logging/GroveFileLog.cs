using Grove.Core.Paths;
using Grove.Core.Security;
using Serilog;
using Serilog.Events;

namespace Grove.Services.Logging;

/// <summary>
/// Builds the Serilog pipeline behind Microsoft.Extensions.Logging: level switches
/// (<see cref="GroveLogLevel"/>), then <see cref="RedactingSink"/>, then the rolling file
/// <c>&lt;data&gt;/logs/grove-YYYYMMDD.log</c> (daily, rolled on size, shared by the server and CLI
/// processes). Old files are pruned first (<see cref="LogRetention"/>).
/// </summary>
internal static class GroveFileLog
{
    public const string FileStem = "grove-";

    public static Serilog.Core.Logger Create(GrovePaths paths, GroveLogOptions options, GroveLogLevel level, ISecretRedactor redactor, TimeProvider time)
    {
        Directory.CreateDirectory(paths.LogsDirectory);
        LogRetention.Prune(paths.LogsDirectory, time.GetUtcNow(), options.MaxAge, options.TotalSizeLimitBytes);
        var maxFiles = (int)Math.Clamp(options.TotalSizeLimitBytes / Math.Max(1, options.FileSizeLimitBytes), 2, 1000);
        var file = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.File(
                new LogLineFormatter(level),
                Path.Combine(paths.LogsDirectory, FileStem + ".log"),
                fileSizeLimitBytes: options.FileSizeLimitBytes,
                shared: true,
                rollingInterval: RollingInterval.Day,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: maxFiles,
                retainedFileTimeLimit: options.MaxAge)
            .CreateLogger();

        return new LoggerConfiguration()
            .MinimumLevel.ControlledBy(level.Grove)
            .MinimumLevel.Override("Microsoft", level.Framework)
            .MinimumLevel.Override("System", level.Framework)
            .WriteTo.Sink(new RedactingSink(file, redactor), LogEventLevel.Verbose)
            .CreateLogger();
    }
}
