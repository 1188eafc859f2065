using Grove.Agents;
using Grove.Data.Stores;
using Grove.Services.Account;
using Grove.Services.Voice;
using Grove.Testing;
using Grove.Testing.FakeOpenAI;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Tests.Voice;

/// <summary>The account seam as a test sets it: signed out (null), or signed in on a paid or unpaid plan at the fake backend.</summary>
internal sealed class SettableAccountAccess : IAccountAccess
{
    public AccountAccess? Current { get; set; }

    public int Calls { get; private set; }

    public Task<AccountAccess?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        Calls++;
        return Task.FromResult(Current);
    }
}

/// <summary>
/// Grove's real services with a made-up parent environment (temp HOME, bash as the login shell, the
/// variables a test gives) and the fake OpenAI/backend server on loopback.
/// </summary>
internal sealed class VoiceBed : IAsyncDisposable
{
    private readonly TempDirectory _home;

    private VoiceBed(TempDirectory home, TestApp app, FakeOpenAIServer server, SettableAccountAccess account)
    {
        _home = home;
        App = app;
        Server = server;
        Account = account;
    }

    public TestApp App { get; }

    public FakeOpenAIServer Server { get; }

    public SettableAccountAccess Account { get; }

    public string Home => _home.Path;

    public IVoice Voice => App.App.Get<IVoice>();

    /// <summary>
    /// <paramref name="variables"/> on top of PATH/HOME/SHELL; <paramref name="shellRc"/> is written to
    /// the temp HOME's <c>.bashrc</c> (sourced by <c>.bash_profile</c>, as most setups do).
    /// </summary>
    public static async Task<VoiceBed> StartAsync(
        IReadOnlyDictionary<string, string>? variables = null,
        string? shellRc = null,
        VoiceOptions? options = null,
        bool pointAtFake = true,
        string? apiKey = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var home = new TempDirectory("voice-home");
        File.WriteAllText(Path.Combine(home.Path, ".bash_profile"), "[ -f ~/.bashrc ] && . ~/.bashrc\n");
        if (shellRc is not null)
        {
            File.WriteAllText(Path.Combine(home.Path, ".bashrc"), shellRc);
        }

        var environment = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = home.Path,
            ["SHELL"] = "/bin/bash",
            ["LANG"] = "C.UTF-8",
        };
        foreach (var (key, value) in variables ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var account = new SettableAccountAccess();
        var server = await FakeOpenAIServer.StartAsync(apiKey, ct);
        var app = await TestApp.StartAsync(services =>
        {
            services.AddSingleton(new AgentHostEnvironment(environment, home.Path));
            services.AddSingleton<IAccountAccess>(account);
            services.AddSingleton(options ?? new VoiceOptions { ShellTimeout = TimeSpan.FromSeconds(20) });
        });
        if (pointAtFake)
        {
            await app.App.Get<ISettingsStore>().SetAsync(SettingKeys.VoiceBaseUrl, server.OpenAIBaseUrl, ct);
        }

        return new VoiceBed(home, app, server, account);
    }

    public Task SetSecretAsync(string value) =>
        App.App.Get<ICredentialStore>().SetAsync(SettingKeys.OpenAIKeySecret, value, TestContext.Current.CancellationToken);

    public Task SetAsync(string key, string? value) =>
        App.App.Get<ISettingsStore>().SetAsync(key, value, TestContext.Current.CancellationToken);

    /// <summary>A short, valid-looking WebM payload (the fake does not decode audio).</summary>
    public static byte[] Audio(int length = 4096)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x1A;
        bytes[1] = 0x45;
        bytes[2] = 0xDF;
        bytes[3] = 0xA3;
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Server.DisposeAsync();
        _home.Dispose();
    }
}
