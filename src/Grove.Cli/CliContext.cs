using Grove.Core.Paths;
using Grove.Services.Hosting;
using Grove.Services.Agents;
using Grove.Core.Security;
using Grove.Services.Logging;
using Grove.Services.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grove.Cli;

/// <summary>What one invocation of <c>grove</c> runs with: its streams, environment and the app.</summary>
public sealed class CliContext(TextWriter output, TextWriter error, Func<string, string?> environment, TextReader? input = null, Action<IServiceCollection>? configureServices = null) : IAsyncDisposable
{
    private GroveApp? _app;

    /// <summary>Where interactive answers (permission prompts) are read from.</summary>
    public TextReader In { get; } = input ?? TextReader.Null;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public Func<string, string?> Environment { get; } = environment;

    /// <summary>Service changes from the caller (tests), applied to every app or server this invocation builds.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; } = configureServices;

    public bool Verbose { get; set; }

    /// <summary>Starts Grove's services on the data folder (GROVE_HOME or the OS default) once.</summary>
    public async Task<GroveApp> AppAsync(CancellationToken cancellationToken)
    {
        if (_app is null)
        {
            var paths = GrovePaths.FromEnvironment(Environment);
            _app = await GroveApp.StartAsync(
                paths,
                logging =>
                {
                    if (Verbose)
                    {
                        logging.SetMinimumLevel(LogLevel.Debug);
                    }
                },
                services =>
                {
                    AddProcessServices(services, stderrLog: Verbose);
                    var options = new AgentRunOptions { RawLog = Environment("GROVE_RAW_LOG") == "1" };
                    if (Environment("GROVE_CLAUDE_PATH") is { Length: > 0 } claude)
                    {
                        options.ExecutablePath = claude;
                    }

                    services.AddSingleton(options);
                    ConfigureServices?.Invoke(services);
                },
                cancellationToken);
        }

        return _app;
    }

    /// <summary>
    /// What every app or server of this invocation gets from the environment: log and crash-report
    /// options, and the redacted stderr log when asked (showing what <paramref name="stderrFloor"/> lets through).
    /// </summary>
    internal void AddProcessServices(IServiceCollection services, bool stderrLog, ConsoleLogFloor? stderrFloor = null)
    {
        services.AddSingleton(GroveLogOptions.FromEnvironment(Environment));
        services.AddSingleton(TelemetryOptions.FromEnvironment(Environment));
        if (stderrLog)
        {
            services.AddSingleton<ILoggerProvider>(sp => new WriterLoggerProvider(Error, sp.GetRequiredService<ISecretRedactor>(), stderrFloor));
        }
    }

    /// <summary>
    /// Records a failed command in the log file (and, for an unexpected error, in a crash report when
    /// reports are on). Only when this invocation started Grove's services: a failure before that has no log to go to.
    /// </summary>
    public async Task RecordFailureAsync(string command, Exception exception)
    {
        if (_app is null)
        {
            return;
        }

        try
        {
            await _app.Get<IFailureLog>().RecordAsync(command, exception, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The failure was already shown to the user; a log that cannot be written must not hide it.
        }
    }

    public async Task<T> GetAsync<T>(CancellationToken cancellationToken) where T : notnull =>
        (await AppAsync(cancellationToken)).Get<T>();

    /// <summary>A progress line on stderr (stdout stays clean for --json).</summary>
    public void Progress(string message) => Error.WriteLine($"› {message}");

    public void Warn(string message) => Error.WriteLine($"warning: {message}");

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
