using System.Collections.Concurrent;
using Grove.Core.Account;
using Grove.Services.Account;
using Grove.Services.Settings;
using Grove.Testing;
using Grove.Testing.FakeAccount;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Grove.Services.Tests.Account;

/// <summary>Grove's real services on a fake clock, the fake account backend on the same clock, and every log line captured.</summary>
internal sealed class AccountBed : IAsyncDisposable
{
    public static readonly Uri Callback = new("http://127.0.0.1:45678/auth/callback");

    private AccountBed(TestApp app, FakeAccountServer server, FakeTimeProvider time, CapturingLogs logs)
    {
        App = app;
        Server = server;
        Time = time;
        Logs = logs;
    }

    public TestApp App { get; }

    public FakeAccountServer Server { get; }

    public FakeTimeProvider Time { get; }

    public CapturingLogs Logs { get; }

    public IAccount Account => App.App.Get<IAccount>();

    public IAccountAccess Access => App.App.Get<IAccountAccess>();

    public static async Task<AccountBed> StartAsync(bool configure = true)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var logs = new CapturingLogs();
        var app = await TestApp.StartAsync(services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<ILoggerProvider>(logs);
            services.Configure<LoggerFilterOptions>(options => options.MinLevel = LogLevel.Trace);
        });
        var server = await FakeAccountServer.StartAsync(time);
        if (configure)
        {
            await app.App.Get<ISettingsService>().SetAsync(SettingKeys.AccountApiUrl, server.BaseUrl.AbsoluteUri, TestContext.Current.CancellationToken);
        }

        return new AccountBed(app, server, time, logs);
    }

    /// <summary>Begins a sign-in, lets the fake backend's page redirect as a browser would, and returns the callback's code and state.</summary>
    public async Task<(string Code, string State, AccountSignInStarted Started)> BrowserSignInAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var started = await Account.BeginSignInAsync(Callback, ct);
        var location = await FakeAccountServer.FollowSignInPageAsync(started.SignInUrl, ct);
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.StartsWith(Callback.AbsoluteUri + "?", location.AbsoluteUri);
        return (query["code"]!, query["state"]!, started);
    }

    public async Task<AccountStatus> SignInAsync()
    {
        var (code, state, _) = await BrowserSignInAsync();
        return await Account.CompleteSignInAsync(code, state, TestContext.Current.CancellationToken);
    }

    /// <summary>The background refresher, started by hand (a plain app runs no hosted services).</summary>
    public async Task<IHostedService> StartRefresherAsync()
    {
        var refresher = App.App.Get<IEnumerable<IHostedService>>().Single(s => s.GetType().Name == "AccountRefresher");
        await refresher.StartAsync(TestContext.Current.CancellationToken);
        return refresher;
    }

    /// <summary>Every file of the data folder (database, -wal, -shm, keys) as raw bytes.</summary>
    public IEnumerable<(string Path, byte[] Bytes)> DataFolderFiles() =>
        Directory.EnumerateFiles(App.Paths.DataRoot, "*", SearchOption.AllDirectories).Select(path => (path, ReadShared(path)));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await App.DisposeAsync();
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>Keeps every formatted log line (with exception text) of every category.</summary>
internal sealed class CapturingLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
