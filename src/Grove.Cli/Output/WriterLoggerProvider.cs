using Grove.Core.Security;
using Microsoft.Extensions.Logging;

namespace Grove.Cli;

/// <summary>--verbose and <c>grove serve</c>: log lines to stderr, redacted like the file log.</summary>
internal sealed class WriterLoggerProvider(TextWriter writer, ISecretRedactor redactor) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new WriterLogger(writer, categoryName, redactor);

    public void Dispose()
    {
    }

    private sealed class WriterLogger(TextWriter writer, string category, ISecretRedactor redactor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var shortCategory = category[(category.LastIndexOf('.') + 1)..];
            var line = redactor.Redact(formatter(state, exception));
            lock (writer)
            {
                writer.WriteLine($"[{logLevel.ToString()[..4].ToLowerInvariant()}] {shortCategory}: {line}");
            }
        }
    }
}
