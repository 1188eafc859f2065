using Microsoft.Extensions.Logging;

namespace Grove.Cli;

/// <summary>--verbose: log lines to stderr (message templates only; Grove never logs secrets).</summary>
internal sealed class WriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new WriterLogger(writer, categoryName);

    public void Dispose()
    {
    }

    private sealed class WriterLogger(TextWriter writer, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var shortCategory = category[(category.LastIndexOf('.') + 1)..];
            lock (writer)
            {
                writer.WriteLine($"[{logLevel.ToString()[..4].ToLowerInvariant()}] {shortCategory}: {formatter(state, exception)}");
            }
        }
    }
}
