using Grove.Core.Errors;
using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Events;

namespace Grove.Services.Logging;

/// <summary>
/// The file log's level, changeable while Grove runs: Grove's own categories log at the level
/// (default Information), <c>Microsoft.*</c> and <c>System.*</c> at Warning unless the level is
/// stricter. <c>GROVE_LOG_LEVEL</c> wins over the <c>logs.level</c> setting.
/// </summary>
public sealed class GroveLogLevel
{
    public const LogLevel Default = LogLevel.Information;

    private readonly LogLevel? _fromEnvironment;

    public GroveLogLevel(GroveLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _fromEnvironment = options.Level is { } level ? Parse(level) : null;
        Apply(_fromEnvironment ?? Default);
    }

    internal LoggingLevelSwitch Grove { get; } = new();

    internal LoggingLevelSwitch Framework { get; } = new(LogEventLevel.Warning);

    public LogLevel Current { get; private set; }

    /// <summary>True while stack traces are written (Debug or Trace).</summary>
    public bool IncludesStackTraces => Current <= LogLevel.Debug;

    /// <summary>Applies the <c>logs.level</c> setting (null/blank = default); the environment variable, when set, wins.</summary>
    public void ApplySetting(string? value)
    {
        if (_fromEnvironment is null)
        {
            Apply(string.IsNullOrWhiteSpace(value) ? Default : Parse(value));
        }
    }

    /// <summary>trace/verbose, debug, info/information, warn/warning, error, critical/fatal (any case).</summary>
    public static LogLevel Parse(string value) =>
        TryParse(value) ?? throw new GroveException(ErrorKind.InvalidInput, $"'{value}' is not a log level (trace, debug, information, warning, error).");

    public static LogLevel? TryParse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "trace" or "verbose" or "vrb" => LogLevel.Trace,
        "debug" or "dbg" => LogLevel.Debug,
        "info" or "information" or "inf" => LogLevel.Information,
        "warn" or "warning" or "wrn" => LogLevel.Warning,
        "error" or "err" => LogLevel.Error,
        "critical" or "fatal" or "ftl" => LogLevel.Critical,
        _ => null,
    };

    private void Apply(LogLevel level)
    {
        Current = level;
        Grove.MinimumLevel = ToSerilog(level);
        Framework.MinimumLevel = ToSerilog(level > LogLevel.Warning ? level : LogLevel.Warning);
    }

    internal static LogEventLevel ToSerilog(LogLevel level) => level switch
    {
        LogLevel.Trace => LogEventLevel.Verbose,
        LogLevel.Debug => LogEventLevel.Debug,
        LogLevel.Information => LogEventLevel.Information,
        LogLevel.Warning => LogEventLevel.Warning,
        LogLevel.Error => LogEventLevel.Error,
        _ => LogEventLevel.Fatal,
    };
}
