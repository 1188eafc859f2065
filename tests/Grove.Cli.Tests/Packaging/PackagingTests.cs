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

    [Fact]
    public async Task TheReleaseFolder_PassesItsSums_AndItsManifestIsWhatGroveUpdateReads()
    {
        var folder = grove.ReleaseFolder;
        await PackagedGrove.RunOkAsync("sha512sum", ["-c", "--strict", "SHA512SUMS"], Ct, workingDirectory: folder);
        var summed = File.ReadAllLines(Path.Combine(folder, "SHA512SUMS")).Select(l => l[130..].TrimStart('*')).Order(StringComparer.Ordinal);
        Assert.Equal(Directory.GetFiles(folder).Select(Path.GetFileName).Where(n => n is not ("SHA512SUMS" or "manifest.json")).Order(StringComparer.Ordinal), summed);

        var manifest = Grove.Integrations.Updates.UpdateManifest.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "manifest.json"), Ct));
        var (_, version, _) = await PackagedGrove.RunAsync(grove.SingleFile, ["--version"], Ct, Home());
        Assert.StartsWith($"grove {manifest.Version} (commit ", version.Trim(), StringComparison.Ordinal);
        var platform = Grove.Services.Updates.InstallLocation.CurrentPlatform();
        Assert.Equal([platform, "tool"], manifest.Platforms.Keys.Order(StringComparer.Ordinal));
        var build = manifest.Platforms[platform];
        AssertNames(build, $"grove-{manifest.Version}-{platform}");
        Assert.NotNull(build.Archive);
        AssertNames(build.Archive, $"grove-{manifest.Version}-{platform}.tar.gz");
        AssertNames(manifest.Platforms["tool"], $"grove.{manifest.Version}.nupkg");

        void AssertNames(Grove.Integrations.Updates.UpdateDownload download, string file)
        {
            Assert.Equal($"{PackagedGrove.ReleaseBaseUrl}/{file}", download.Url);
            using var stream = File.OpenRead(Path.Combine(folder, file));
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(stream)), download.Sha512);
        }
    }

    [Fact]
    public async Task GroveUpdate_OnTheUnpackedArchive_InstallsTheReleaseArchive_AndTheNewBuildRuns()
    {
        // The real release, served on loopback under a newer version number.
        await using var server = await Grove.Testing.FakeUpdates.FakeUpdateServer.StartAsync(Ct);
        server.ServeFolder(grove.ReleaseFolder);
        var manifest = (await File.ReadAllTextAsync(Path.Combine(grove.ReleaseFolder, "manifest.json"), Ct))
            .Replace(PackagedGrove.ReleaseBaseUrl + "/", new Uri(server.BaseUrl, "release/").AbsoluteUri, StringComparison.Ordinal);
        var version = System.Text.Json.Nodes.JsonNode.Parse(manifest)!["version"]!.GetValue<string>();
        server.SetManifest(manifest.Replace($"\"version\": \"{version}\"", "\"version\": \"99.0.0\"", StringComparison.Ordinal));

        using var install = new TempDirectory("grove-single-install");
        await PackagedGrove.RunOkAsync("cp", ["-a", Path.GetDirectoryName(grove.SingleFile)! + "/.", install.Path], Ct);
        var executable = Path.Combine(install.Path, "grove");
        File.WriteAllText(Path.Combine(install.Path, "wwwroot", "stale.css"), "from an older release");
        File.WriteAllText(Path.Combine(install.Path, "notes.txt"), "mine");
        var home = Home();
        await PackagedGrove.RunOkAsync(executable, ["config", "set", "updates.url", server.ManifestUrl.AbsoluteUri], Ct, home);

        var output = await PackagedGrove.RunOkAsync(executable, ["update"], Ct, home);

        Assert.Contains($"to 99.0.0 in {install.Path}", output, StringComparison.Ordinal);
        Assert.Contains(server.Requests, r => r.EndsWith(".tar.gz", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(install.Path, "wwwroot", "stale.css")));
        Assert.True(File.Exists(Path.Combine(install.Path, "wwwroot", "stale.css").Replace(install.Path, Path.Combine(install.Path, ".grove-update", "old"), StringComparison.Ordinal)));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(install.Path, "notes.txt")));
        Assert.Matches(VersionLine(), (await PackagedGrove.RunOkAsync(executable, ["--version"], Ct, home)).Trim().Split('\n')[0]);
        Assert.False(Directory.Exists(Path.Combine(install.Path, ".grove-update", "old")), "the next start removes the previous build");
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
