namespace Grove.Services.Logging;

/// <summary>
/// How Grove writes its file log (<c>&lt;data&gt;/logs/grove-YYYYMMDD.log</c>): daily files, rolled
/// on size, a total cap, old files removed at start-up. <see cref="Level"/> comes from
/// <c>GROVE_LOG_LEVEL</c> and wins over the <c>logs.level</c> setting.
/// </summary>
public sealed class GroveLogOptions
{
    /// <summary>Set from <c>GROVE_LOG_LEVEL</c> (trace, debug, information, warning, error); null = the setting, else information.</summary>
    public string? Level { get; init; }

    /// <summary>false: no file log at all (the --verbose stderr log and crash reports still work).</summary>
    public bool WriteFiles { get; init; } = true;

    public long FileSizeLimitBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>All of Grove's log files together stay under this; the oldest go first.</summary>
    public long TotalSizeLimitBytes { get; init; } = 100 * 1024 * 1024;

    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(14);

    /// <summary>The options for a process from its environment (<c>GROVE_LOG_LEVEL</c>).</summary>
    public static GroveLogOptions FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new GroveLogOptions { Level = environment("GROVE_LOG_LEVEL") is { Length: > 0 } level ? level : null };
    }
}
