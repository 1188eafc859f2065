using System.Globalization;
using System.Text.RegularExpressions;
using Grove.Core.Logs;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Logging;

/// <summary>Groups the lines of a log file into entries (see <see cref="LogLineFormatter"/>): an entry starts with a timestamp and a level code.</summary>
internal sealed partial class LogEntryParser
{
    private readonly List<string> _lines = [];
    private DateTimeOffset? _timestamp;
    private LogLevel _level = LogLevel.Information;

    /// <summary>Adds a line; returns the previous entry when this line starts a new one.</summary>
    public LogEntry? Add(string line)
    {
        var start = EntryStart().Match(line);
        if (!start.Success && _lines.Count > 0)
        {
            _lines.Add(line);
            return null;
        }

        var finished = Flush();
        if (start.Success)
        {
            _timestamp = DateTimeOffset.TryParseExact(start.Groups["time"].Value, LogLineFormatter.TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;
            _level = LogGroveLevel(start.Groups["level"].Value);
        }
        else
        {
            _timestamp = null;
            _level = LogLevel.Information;
        }

        _lines.Add(line);
        return finished;
    }

    /// <summary>The entry being collected, if any (at the end of the input, or when no more lines came).</summary>
    public LogEntry? Flush()
    {
        if (_lines.Count == 0)
        {
            return null;
        }

        var entry = new LogEntry(_timestamp, _level, string.Join('\n', _lines));
        _lines.Clear();
        return entry;
    }

    public static IEnumerable<LogEntry> Parse(IEnumerable<string> lines)
    {
        var parser = new LogEntryParser();
        foreach (var line in lines)
        {
            if (parser.Add(line) is { } entry)
            {
                yield return entry;
            }
        }

        if (parser.Flush() is { } last)
        {
            yield return last;
        }
    }

    private static LogLevel LogGroveLevel(string code) => code switch
    {
        "VRB" => LogLevel.Trace,
        "DBG" => LogLevel.Debug,
        "INF" => LogLevel.Information,
        "WRN" => LogLevel.Warning,
        "ERR" => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    [GeneratedRegex(@"^(?<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d\d:\d\d) \[(?<level>VRB|DBG|INF|WRN|ERR|FTL)\] ", RegexOptions.CultureInvariant)]
    private static partial Regex EntryStart();
}
