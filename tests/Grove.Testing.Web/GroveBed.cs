using Grove.Testing;
using Microsoft.Playwright;

namespace Grove.Testing.Web;

/// <summary>
/// Everything an end-to-end test needs, all real: the scripted fake Anthropic API on loopback, the
/// pinned Claude Code CLI in an isolated HOME, a temp git repository, a temp Grove data folder,
/// the built <c>grove serve</c> as its own process (configured through the CLI the way a user
/// would), and Debian's Chromium.
/// </summary>
public sealed class GroveBed : IAsyncDisposable
{
    private readonly TempDirectory _home;

    private GroveBed(FakeAnthropicServer api, ClaudeCliHarness harness, TestRepository repo, TempDirectory home, Dictionary<string, string> environment, GroveProcess server, Browser browser)
    {
        Api = api;
        Harness = harness;
        Repo = repo;
        _home = home;
        Environment = environment;
        Server = server;
        Browser = browser;
    }

    public FakeAnthropicServer Api { get; }

    public ClaudeCliHarness Harness { get; }

    public TestRepository Repo { get; }

    /// <summary>Grove's data folder (GROVE_HOME).</summary>
    public string DataFolder => _home.Path;

    public IReadOnlyDictionary<string, string> Environment { get; }

    public GroveProcess Server { get; private set; }

    public Browser Browser { get; }

    public static CancellationToken Ct => TestTimeouts.Token(Xunit.TestContext.Current.CancellationToken);

    /// <param name="agentPath">Another agent executable than the pinned CLI (e.g. the fake agent, for load).</param>
    /// <param name="extraEnvironment">Added to grove's environment (and so the agents').</param>
    /// <param name="seed">Runs against the data folder before the server starts (e.g. to fill a transcript).</param>
    /// <param name="browserArguments">More Chromium flags (e.g. <see cref="Browser.FakeMicrophone"/>).</param>
    public static async Task<GroveBed> StartAsync(string? agentPath = null, IReadOnlyDictionary<string, string>? extraEnvironment = null, Func<string, Task>? seed = null, IEnumerable<string>? browserArguments = null)
    {
        var api = await FakeAnthropicServer.StartAsync(Ct);
        var harness = new ClaudeCliHarness(api);
        var repo = TestRepository.Create();
        var home = new TempDirectory("grove-e2e");
        var environment = new Dictionary<string, string>(harness.Environment, StringComparer.Ordinal)
        {
            ["GROVE_HOME"] = home.Path,
            ["GROVE_CLAUDE_PATH"] = agentPath ?? harness.BinaryPath,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var name in new[] { "DOTNET_ROOT", "DOTNET_ROOT_X64" })
        {
            if (System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }

        // The agent's API settings, set the way a user sets them (the key read from stdin).
        environment.Remove("ANTHROPIC_API_KEY");
        environment.Remove("ANTHROPIC_BASE_URL");
        await RunOrThrowAsync(environment, ["config", "set", "anthropic.base_url", api.BaseUrl.ToString().TrimEnd('/')], null);
        await RunOrThrowAsync(environment, ["secret", "set", "anthropic.api_key"], "test-key\n");

        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        if (seed is not null)
        {
            await seed(home.Path);
        }

        var server = await GroveProcess.ServeAsync(environment, Ct);
        var browser = await Browser.LaunchAsync(browserArguments);
        return new GroveBed(api, harness, repo, home, environment, server, browser);
    }

    /// <summary>Stops <c>grove serve</c> as Ctrl-C does; <see cref="StartServerAgainAsync"/> brings it back.</summary>
    public Task StopServerAsync() => Server.StopAsync(Ct);

    /// <summary>Starts <c>grove serve</c> again on the same port and data folder (after <see cref="StopServerAsync"/>).</summary>
    public async Task StartServerAgainAsync()
    {
        var port = Server.BaseUrl.Port;
        await Server.DisposeAsync();
        Server = await GroveProcess.ServeAsync(Environment, Ct, port);
    }

    /// <summary>Runs a grove command against the same data folder (e.g. to check what the UI did).</summary>
    public Task<(int ExitCode, string Output)> GroveAsync(params string[] arguments) => GroveProcess.RunAsync(Environment, arguments, null, Ct);

    /// <summary>A new page signed in through the login URL, interactive (circuit connected).</summary>
    public async Task<IPage> SignedInPageAsync(string path = "/")
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(Server.LoginUrl.ToString());
        if (path != "/")
        {
            await page.GotoAsync(new Uri(Server.BaseUrl, path).ToString());
        }

        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>Types into the message box once it is live (its script attached) and presses Enter.</summary>
    public static async Task SendMessageAsync(IPage page, string text)
    {
        var composer = page.Locator("[data-test='composer'][data-ready='true']");
        await composer.WaitForAsync();
        await composer.FillAsync(text);
        await composer.PressAsync("Enter");
    }

    public static Task WaitInteractiveAsync(IPage page) =>
        page.WaitForSelectorAsync("body[data-interactive='true']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

    private static async Task RunOrThrowAsync(IReadOnlyDictionary<string, string> environment, string[] arguments, string? input)
    {
        var (exitCode, output) = await GroveProcess.RunAsync(environment, arguments, input, Ct);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"grove {string.Join(' ', arguments)} exited {exitCode}:\n{output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        WriteDiagnostics();
        await Browser.DisposeAsync();
        await Server.DisposeAsync();
        await Api.DisposeAsync();
        Harness.Dispose();
        Repo.Dispose();
        _home.Dispose();
    }

    /// <summary>
    /// What a failed end-to-end test needs to be understood after the fact, written to the test's
    /// output (shown with a failure, also in CI's console): the browser's console errors and
    /// navigations, the server's console output and Grove's file log, each its latest lines (the test's
    /// own access token masked).
    /// </summary>
    private void WriteDiagnostics()
    {
        if (Xunit.TestContext.Current.TestOutputHelper is not { } output)
        {
            return;
        }

        try
        {
            var text = new System.Text.StringBuilder();
            Section(text, "browser (console errors, navigations)", Browser.ConsoleLines, 40);
            // The file log below has the server's log lines with times; here what only the console has (its start, a crash).
            var console = Server.Output.Replace(Server.Token, "***", StringComparison.Ordinal).Split('\n').Where(l => !l.StartsWith("[info]", StringComparison.Ordinal)).ToList();
            Section(text, "grove serve output (besides its info log lines)", console, 30);
            var logs = Path.Combine(DataFolder, "logs");
            var log = Directory.Exists(logs) ? Directory.GetFiles(logs, "grove-*.log").SelectMany(File.ReadLines).ToList() : [];
            Section(text, "grove log", log, 60);
            output.WriteLine(text.ToString());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            output.WriteLine($"(diagnostics unavailable: {ex.Message})");
        }
    }

    private static void Section(System.Text.StringBuilder text, string title, IReadOnlyList<string> lines, int last)
    {
        var shown = lines.Where(l => l.Length > 0).TakeLast(last).ToList();
        text.AppendLine($"--- {title}: {(shown.Count == 0 ? "nothing" : $"last {shown.Count} lines")}");
        foreach (var line in shown)
        {
            text.AppendLine(line.Length > 400 ? line[..400] + "…" : line);
        }
    }
}
