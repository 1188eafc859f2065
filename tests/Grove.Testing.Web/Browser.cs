using Microsoft.Playwright;

namespace Grove.Testing.Web;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download): headless, sandbox off (CI runs
/// as root), no background traffic. Screenshots go to <c>artifacts/screenshots</c>.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _console = new();

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium = chromium;
    }

    public IBrowser Chromium { get; }

    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    /// <summary>Chromium flags for a fake microphone that plays <paramref name="wavPath"/> and is allowed without asking.</summary>
    public static IReadOnlyList<string> FakeMicrophone(string wavPath) =>
        ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-audio-capture={wavPath}"];

    /// <param name="extraArguments">More Chromium flags (e.g. <see cref="FakeMicrophone"/>).</param>
    public static async Task<Browser> LaunchAsync(IEnumerable<string>? extraArguments = null)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}: run `apt-get install chromium` (.ci/run does).");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", .. extraArguments ?? []],
            });
            return new Browser(playwright, chromium);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh browser context (own cookies) and page, 1400×900.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                _console.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} console.{message.Type} {message.Text}");
            }
        };
        page.PageError += (_, error) => _console.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} page error {error}");
        page.FrameNavigated += (_, frame) =>
        {
            if (frame.ParentFrame is null)
            {
                _console.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} navigated {frame.Url}");
            }
        };
        return page;
    }

    /// <summary>Every page's console errors and warnings, uncaught errors and navigations, oldest first (for a failed test's output).</summary>
    public IReadOnlyList<string> ConsoleLines => [.. _console];

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
        return path;
    }

    /// <summary>The checkout this code was built in (the folder holding Grove.slnx).</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Grove.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}
