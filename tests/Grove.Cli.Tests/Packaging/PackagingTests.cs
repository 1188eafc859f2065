using System.Net;
using System.Text.RegularExpressions;
using Grove.Testing;

namespace Grove.Cli.Tests.Packaging;

/// <summary>
/// Install like a real tool (issue 15): the packed .NET tool and the single-file build run
/// <c>grove --version</c>, and <c>grove serve</c> from the installed tool serves the login page and
/// the UI's CSS and scripts (its static web assets travel in the package; a single-file build keeps
/// them in wwwroot beside the file).
/// </summary>
public sealed partial class PackagingTests(PackagedGrove grove) : IClassFixture<PackagedGrove>
{
    [Fact]
    public async Task TheInstalledTool_PrintsVersionAndCommit()
    {
        var (exit, output, error) = await PackagedGrove.RunAsync(grove.ToolCommand, ["--version"], Ct, Home());

        Assert.True(exit == 0, error);
        Assert.Matches(VersionLine(), output.Trim());
    }

    [Fact]
    public async Task TheSingleFileBuild_PrintsVersionAndCommit()
    {
        var (exit, output, error) = await PackagedGrove.RunAsync(grove.SingleFile, ["--version"], Ct, Home());

        Assert.True(exit == 0, error);
        Assert.Matches(VersionLine(), output.Trim());
    }

    [Fact]
    public async Task TheInstalledTool_ServesTheLoginPage_AndTheUisAssets()
    {
        await AssertServesUiAsync(grove.ToolCommand);
    }

    [Fact]
    public async Task TheSingleFileBuild_ServesTheLoginPage_AndTheUisAssets()
    {
        await AssertServesUiAsync(grove.SingleFile);
    }

    private async Task AssertServesUiAsync(string command)
    {
        using var home = new TempDirectory("grove-packaged-home");
        using var process = PackagedGrove.Start(command, ["serve", "--no-open", "--port", "0"], new Dictionary<string, string> { ["GROVE_HOME"] = home.Path });
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestTimeouts.Token(Ct));
            string? login = null;
            while (login is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                login = LoginUrl().Match(line) is { Success: true } match ? match.Value : null;
            }

            if (login is null)
            {
                Assert.Fail($"grove serve printed no login link: {await process.StandardError.ReadToEndAsync(timeout.Token)}");
            }

            using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
            var page = await http.GetStringAsync(login, timeout.Token);
            Assert.Contains("_framework/blazor.web.js", page);
            var css = Stylesheet().Match(page);
            Assert.True(css.Success, page);

            var origin = new Uri(login);
            using var stylesheet = await http.GetAsync(new Uri(origin, "/" + css.Groups[1].Value), timeout.Token);
            Assert.Equal(HttpStatusCode.OK, stylesheet.StatusCode);
            Assert.Equal("text/css", stylesheet.Content.Headers.ContentType?.MediaType);
            Assert.Contains("{", await stylesheet.Content.ReadAsStringAsync(timeout.Token));

            using var blazor = await http.GetAsync(new Uri(origin, "/_framework/blazor.web.js"), timeout.Token);
            Assert.Equal(HttpStatusCode.OK, blazor.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static Dictionary<string, string> Home() => new() { ["GROVE_HOME"] = Path.Combine(Path.GetTempPath(), "grove-packaged-version-" + Guid.NewGuid().ToString("N")) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"^grove \d+\.\d+\.\d+(-[0-9A-Za-z.]+)? \(commit [0-9a-f]{7}\)$")]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/login\?token=\S+")]
    private static partial Regex LoginUrl();

    [GeneratedRegex(@"href=""(_content/Grove\.Web/grove[^""]*\.css)""")]
    private static partial Regex Stylesheet();
}
