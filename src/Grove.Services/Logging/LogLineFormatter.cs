using Serilog.Events;
using Serilog.Formatting;

namespace Grove.Services.Logging;

/// <summary>
/// One readable line per event: <c>2026-12-07 10:15:02.123 +00:00 [INF] Grove.Services.X: message</c>,
/// then the exception's type and message (the stack trace only while the level is Debug or lower).
/// Further lines of a message are indented by two spaces, so a reader knows where an entry ends.
/// </summary>
internal sealed class LogLineFormatter(GroveLogLevel level) : ITextFormatter
{
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff zzz";

    public void Format(LogEvent logEvent, TextWriter output)
    {
        var category = logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string name } ? name : "Grove";
        output.Write(logEvent.Timestamp.ToString(TimestampFormat, System.Globalization.CultureInfo.InvariantCulture));
        output.Write(" [");
        output.Write(LevelCode(logEvent.Level));
        output.Write("] ");
        output.Write(category);
        output.Write(": ");
        WriteIndented(output, logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
        if (logEvent.Exception is { } exception)
        {
            var typeName = exception is RedactedException redacted ? redacted.TypeName : exception.GetType().FullName;
            if (level.IncludesStackTraces)
            {
                output.Write(Environment.NewLine + "  ");
                WriteIndented(output, exception.ToString());
            }
            else
            {
                output.Write(" — ");
                WriteIndented(output, $"{typeName}: {exception.Message}");
            }
        }

        output.Write(Environment.NewLine);
    }

    public static string LevelCode(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "VRB",
        LogEventLevel.Debug => "DBG",
        LogEventLevel.Information => "INF",
        LogEventLevel.Warning => "WRN",
        LogEventLevel.Error => "ERR",
        _ => "FTL",
    };

    private static void WriteIndented(TextWriter output, string text) =>
        output.Write(text.ReplaceLineEndings(Environment.NewLine + "  "));
}
