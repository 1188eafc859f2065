using Grove.Core.Security;
using Microsoft.Extensions.Logging;

namespace Grove.Cli;

/// <summary>
/// --verbose and <c>grove serve</c>: log lines to stderr, redacted like the file log. <paramref name="floor"/>
/// holds back the lines below its level (the file log still gets them), e.g. while <c>grove serve</c>
/// has not printed its banner yet.
/// </summary>
internal sealed class WriterLoggerProvider(TextWriter writer, ISecretRedactor redactor, ConsoleLogFloor? floor = null) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new WriterLogger(writer, categoryName, redactor, floor);

    public void Dispose()
    {
    }

    private sealed class WriterLogger(TextWriter writer, string category, ISecretRedactor redactor, ConsoleLogFloor? floor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= (floor?.Minimum ?? LogLevel.Debug);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var shortCategory = category[(category.LastIndexOf('.') + 1)..];
            var line = redactor.Redact(formatter(state, exception));
            lock (writer)
            {
                writer.WriteLine($"[{logLevel.ToString()[..4].ToLowerInvariant()}] {shortCategory}: {line}");
            }
        }
    }
}

/// <summary>The lowest level the stderr log shows right now (it can change while the process runs).</summary>
internal sealed class ConsoleLogFloor(LogLevel minimum)
{
    private volatile int _minimum = (int)minimum;

    public LogLevel Minimum
    {
        get => (LogLevel)_minimum;
        set => _minimum = (int)value;
    }
}
