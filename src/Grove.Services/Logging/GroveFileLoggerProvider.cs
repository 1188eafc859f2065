using Grove.Core.Paths;
using Grove.Core.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serilog.Extensions.Logging;

namespace Grove.Services.Logging;

/// <summary>
/// The file log as a Microsoft.Extensions.Logging provider (one per process, created with the
/// container): every <c>ILogger</c> in Grove writes through it. Its own filter rule lets every level
/// through; <see cref="GroveLogLevel"/> decides.
/// </summary>
[ProviderAlias("GroveFile")]
internal sealed class GroveFileLoggerProvider : ILoggerProvider
{
    private readonly SerilogLoggerProvider? _inner;

    public GroveFileLoggerProvider(GrovePaths paths, GroveLogOptions options, GroveLogLevel level, ISecretRedactor redactor, TimeProvider time)
    {
        if (options.WriteFiles)
        {
            _inner = new SerilogLoggerProvider(GroveFileLog.Create(paths, options, level, redactor, time), dispose: true);
        }
    }

    public ILogger CreateLogger(string categoryName) => _inner?.CreateLogger(categoryName) ?? NullLogger.Instance;

    public void Dispose() => _inner?.Dispose();
}
