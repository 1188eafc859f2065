using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Grove.Core.Errors;
using Grove.Core.Updates;
using Grove.Services.Settings;
using Grove.Services.Updates;
using Grove.Testing;
using Grove.Testing.FakeUpdates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Grove.Services.Tests.Updates;

/// <summary>The update check and <c>grove update</c>'s use case against a fake release server on loopback.</summary>
public sealed class UpdatesTests
{
    private static readonly byte[] OldBuild = Encoding.UTF8.GetBytes("#!/bin/sh\necho grove 0.1.0\n");
    private static readonly byte[] NewBuild = Encoding.UTF8.GetBytes("#!/bin/sh\necho grove 0.3.0 with more bytes\n");

    [Fact]
    public async Task NothingIsContacted_WhenTheUrlIsUnset()
    {
        await using var server = await FakeUpdateServer.StartAsync(Ct);
        server.Publish("0.3.0", "notes", new Dictionary<string, byte[]> { ["linux-x64"] = NewBuild });
        await using var app = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var updates = app.App.Get<IUpdates>();

        Assert.Null(await updates.CheckAsync(Ct));
        Assert.Null(await updates.CheckAsync(Ct));
        var refused = await Assert.ThrowsAsync<GroveException>(() => updates.UpdateAsync(Ct));

        Assert.Equal(ErrorKind.Unsupported, refused.Kind);
        Assert.Contains(SettingKeys.UpdatesUrl, refused.Message);
        Assert.Empty(server.Requests);
        Assert.Null(updates.Latest);
    }

    [Fact]
    public async Task TwoChecksWithinAMinute_MakeOneRequest_AndALaterOneAsksAgain()
    {
        await using var server = await FakeUpdateServer.StartAsync(Ct);
        server.Publish("0.3.0", "https://example.test/notes", new Dictionary<string, byte[]> { ["linux-x64"] = NewBuild });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await StartAsync(time);
        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.UpdatesUrl, server.ManifestUrl.ToString(), Ct);
        var updates = app.App.Get<IUpdates>();

        await updates.CheckAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(59));
        await updates.CheckAsync(Ct);
        Assert.Equal(1, server.ManifestRequests);

        time.Advance(TimeSpan.FromSeconds(2));
        await updates.CheckAsync(Ct);
        Assert.Equal(2, server.ManifestRequests);
    }

    [Fact]
    public async Task ANewerVersion_IsReported_CachedForVersion_AndRaisesChanged()
    {
        await using var server = await FakeUpdateServer.StartAsync(Ct);
        server.Publish("0.3.0", "https://example.test/notes", new Dictionary<string, byte[]> { ["linux-x64"] = NewBuild });
        await using var app = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));
        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.UpdatesUrl, server.ManifestUrl.ToString(), Ct);
        var updates = app.App.Get<IUpdates>();
        var changed = 0;
        updates.Changed += () => changed++;

        var status = await updates.CheckAsync(Ct);

        Assert.NotNull(status);
        Assert.True(status.UpdateAvailable);
        Assert.Equal("Grove 0.3.0 is available", status.Notice);
        Assert.Equal("https://example.test/notes", status.Notes);
        Assert.Equal(1, changed);
        Assert.Equal("0.3.0", UpdateCache.Read(app.Paths)?.LatestVersion);

        // Clearing the URL forgets the result (and the cache --version reads).
        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.UpdatesUrl, null, Ct);
        Assert.Null(await updates.CheckAsync(Ct));
        Assert.Null(UpdateCache.Read(app.Paths));
        Assert.Equal(2, changed);
    }

    [Fact]
    public async Task TheSameVersion_IsNoUpdate()
    {
        await using var server = await FakeUpdateServer.StartAsync(Ct);
        server.Publish("0.1.0", null, new Dictionary<string, byte[]> { ["linux-x64"] = NewBuild });
        using var target = new TempDirectory("grove-install");
        var binary = WriteBinary(target.Path);
        await using var app = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), SingleFile(binary));
        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.UpdatesUrl, server.ManifestUrl.ToString(), Ct);

        var outcome = await app.App.Get<IUpdates>().UpdateAsync(Ct);

        Assert.False(outcome.Replaced);
        Assert.Contains("up to date", outcome.Message);
        Assert.Equal(OldBuild, File.ReadAllBytes(binary));
    }

    [Fact]
    public async Task AHashMismatch_IsRefused_AndTheFileIsUntouched()
    {
        await using var server = await FakeUpdateServer.StartAsync(Ct);
        var platform = InstallLocation.CurrentPlatform();
        server.Publish("0.3.0", null, new Dictionary<string, byte[]> { [platform] = NewBuild },
            new Dictionary<string, string> { [platform] = FakeUpdateServer.Sha512(Encoding.UTF8.GetBytes("something else")) });
        using var target = new TempDirectory("grove-install");
        var binary = WriteBinary(target.Path);
        var before = File.GetLastWriteTimeUtc(binary);
        await using var app = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), SingleFile(binary));
        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.UpdatesUrl, server.ManifestUrl.ToString(), Ct);

        var refused = await Assert.ThrowsAsync<GroveException>(() => app.App.Get<IUpdates>().UpdateAsync(Ct));

        Assert.Equal(ErrorKind.SecurityViolation, refused.Kind);
        Assert.Contains("SHA-512", refused.Message);
        Assert.Contains($"/downloads/0.3.0/{platform}/grove", server.Requests);
        Assert.Equal(OldBuild, File.ReadAllBytes(binary));
        Assert.Equal(before, File.GetLastWriteTimeUtc(binary));
        Assert.Equal(["grove"], Directory.GetFiles(target.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task AGoodUpdate_SwapsTheFile_AndKeepsTheOldOne()
    {
        await using var server = await FakeUpdateServer.StartAsync(Ct);
        var platform = InstallLocation.CurrentPlatform();
        server.Publish("0.3.0", null, new Dictionary<string, byte[]> { [platform] = NewBuild, ["win-x64"] = OldBuild });
        using var target = new TempDirectory("grove-install");
        var binary = WriteBinary(target.Path);
        await using var app = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), SingleFile(binary));
        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.UpdatesUrl, server.ManifestUrl.ToString(), Ct);

        var outcome = await app.App.Get<IUpdates>().UpdateAsync(Ct);

        Assert.True(outcome.Replaced);
        Assert.Equal(InstallKind.SingleFile, outcome.Kind);
        Assert.Equal(NewBuild, File.ReadAllBytes(binary));
        Assert.Equal(OldBuild, File.ReadAllBytes(binary + BinarySwap.OldSuffix));
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(binary).HasFlag(UnixFileMode.UserExecute));
        }

        BinarySwap.RemoveLeftover(binary);
        Assert.False(File.Exists(binary + BinarySwap.OldSuffix));
    }

    [Fact]
    public async Task AnArchive_ReplacesTheFileAndItsAssets_LeavesOtherFiles_AndKeepsTheOldBuildUntilTheNextStart()
    {
        await using var server = await FakeUpdateServer.StartAsync(Ct);
        var platform = InstallLocation.CurrentPlatform();
        server.Publish("0.3.0", null, new Dictionary<string, byte[]> { [platform] = NewBuild }, archives: new Dictionary<string, byte[]> { [platform] = NewArchive(NewBuild) });
        using var target = new TempDirectory("grove-install");
        var binary = WriteInstall(target.Path);
        await using var app = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), SingleFile(binary));
        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.UpdatesUrl, server.ManifestUrl.ToString(), Ct);

        var outcome = await app.App.Get<IUpdates>().UpdateAsync(Ct);

        Assert.True(outcome.Replaced);
        Assert.Contains("0.3.0", outcome.Message);
        Assert.Contains($"/downloads/0.3.0/{platform}/grove.tar.gz", server.Requests);
        Assert.DoesNotContain($"/downloads/0.3.0/{platform}/grove", server.Requests);
        var after = Snapshot(target.Path);
        Assert.Equal(NewBuild, after["grove"]);
        Assert.Equal("new css", Encoding.UTF8.GetString(after["wwwroot/app.css"]));
        Assert.Equal("new js", Encoding.UTF8.GetString(after["wwwroot/new.js"]));
        Assert.False(after.ContainsKey("wwwroot/gone.js"));
        Assert.Equal("new manifest", Encoding.UTF8.GetString(after["grove.staticwebassets.endpoints.json"]));
        Assert.Equal("mine", Encoding.UTF8.GetString(after["notes.txt"]));
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(binary).HasFlag(UnixFileMode.UserExecute));
        }

        // The old build waits in the work folder until the next start removes it.
        var old = Path.Combine(target.Path, InstallFolderSwap.WorkFolderName, "old");
        Assert.Equal(OldBuild, File.ReadAllBytes(Path.Combine(old, "grove")));
        Assert.Equal("old css", File.ReadAllText(Path.Combine(old, "wwwroot", "app.css")));
        InstallFolderSwap.RemoveLeftover(target.Path);
        Assert.False(Directory.Exists(old));
        Assert.Equal(after, Snapshot(target.Path));
    }

    [Fact]
    public async Task AnArchiveWithTheWrongHash_IsRefused_AndReplacesNothing()
    {
        await using var server = await FakeUpdateServer.StartAsync(Ct);
        var platform = InstallLocation.CurrentPlatform();
        server.Publish("0.3.0", null, new Dictionary<string, byte[]> { [platform] = NewBuild },
            archives: new Dictionary<string, byte[]> { [platform] = NewArchive(NewBuild) },
            claimedArchiveHashes: new Dictionary<string, string> { [platform] = FakeUpdateServer.Sha512(Encoding.UTF8.GetBytes("something else")) });
        using var target = new TempDirectory("grove-install");
        var binary = WriteInstall(target.Path);
        var before = Snapshot(target.Path);
        await using var app = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), SingleFile(binary));
        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.UpdatesUrl, server.ManifestUrl.ToString(), Ct);

        var refused = await Assert.ThrowsAsync<GroveException>(() => app.App.Get<IUpdates>().UpdateAsync(Ct));

        Assert.Equal(ErrorKind.SecurityViolation, refused.Kind);
        Assert.Contains("nothing was replaced", refused.Message);
        Assert.Contains($"/downloads/0.3.0/{platform}/grove.tar.gz", server.Requests);
        Assert.Equal(before, Snapshot(target.Path));
        AssertNoStagedFiles(target.Path);
    }

    [Fact]
    public async Task AFailedArchiveDownload_ReplacesNothing()
    {
        await using var server = await FakeUpdateServer.StartAsync(Ct);
        var platform = InstallLocation.CurrentPlatform();
        server.Publish("0.3.0", null, new Dictionary<string, byte[]> { [platform] = NewBuild },
            archives: new Dictionary<string, byte[]> { [platform] = NewArchive(NewBuild) }, missingArchives: [platform]);
        using var target = new TempDirectory("grove-install");
        var binary = WriteInstall(target.Path);
        var before = Snapshot(target.Path);
        await using var app = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), SingleFile(binary));
        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.UpdatesUrl, server.ManifestUrl.ToString(), Ct);

        var refused = await Assert.ThrowsAsync<GroveException>(() => app.App.Get<IUpdates>().UpdateAsync(Ct));

        Assert.Equal(ErrorKind.Network, refused.Kind);
        Assert.Contains("404", refused.Message);
        Assert.Equal(before, Snapshot(target.Path));
        AssertNoStagedFiles(target.Path);
    }

    [Fact]
    public async Task ANewBuildThatDoesNotRun_IsRolledBack()
    {
        await using var server = await FakeUpdateServer.StartAsync(Ct);
        var platform = InstallLocation.CurrentPlatform();
        var broken = Encoding.UTF8.GetBytes("#!/bin/sh\necho 'missing libicu' >&2\nexit 3\n");
        server.Publish("0.3.0", null, new Dictionary<string, byte[]> { [platform] = broken }, archives: new Dictionary<string, byte[]> { [platform] = NewArchive(broken) });
        using var target = new TempDirectory("grove-install");
        var binary = WriteInstall(target.Path);
        var before = Snapshot(target.Path);
        await using var app = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), SingleFile(binary));
        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.UpdatesUrl, server.ManifestUrl.ToString(), Ct);

        var refused = await Assert.ThrowsAsync<GroveException>(() => app.App.Get<IUpdates>().UpdateAsync(Ct));

        Assert.Contains("exit code 3: missing libicu", refused.Message);
        Assert.Contains("previous version is back", refused.Message);
        Assert.Equal(before, Snapshot(target.Path));
        AssertNoStagedFiles(target.Path);
    }

    [Fact]
    public async Task ASecondUpdateOfTheSameFolder_IsRefusedWhileOneRuns()
    {
        await using var server = await FakeUpdateServer.StartAsync(Ct);
        var platform = InstallLocation.CurrentPlatform();
        server.Publish("0.3.0", null, new Dictionary<string, byte[]> { [platform] = NewBuild }, archives: new Dictionary<string, byte[]> { [platform] = NewArchive(NewBuild) });
        using var target = new TempDirectory("grove-install");
        var binary = WriteInstall(target.Path);
        var before = Snapshot(target.Path);
        await using var app = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), SingleFile(binary));
        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.UpdatesUrl, server.ManifestUrl.ToString(), Ct);

        using (InstallFolderSwap.Begin(target.Path))
        {
            var refused = await Assert.ThrowsAsync<GroveException>(() => app.App.Get<IUpdates>().UpdateAsync(Ct));
            Assert.Equal(ErrorKind.Conflict, refused.Kind);
            Assert.Equal(before, Snapshot(target.Path));
        }

        Assert.True((await app.App.Get<IUpdates>().UpdateAsync(Ct)).Replaced);
    }

    [Fact]
    public async Task AToolInstall_GetsTheExactCommand_WithAVerifiedPackage()
    {
        await using var server = await FakeUpdateServer.StartAsync(Ct);
        var package = Encoding.UTF8.GetBytes("not really a zip");
        server.Publish("0.3.0", null, new Dictionary<string, byte[]> { ["tool"] = package });
        using var tools = new TempDirectory("grove-tools");
        var toolDir = Path.Combine(tools.Path, ".store", "grove", "0.1.0", "grove", "0.1.0", "tools", "net10.0", "any");
        var install = InstallLocation.Detect(Path.Combine(tools.Path, "grove"), toolDir, singleFile: false, home: "/nowhere");
        Assert.Equal(InstallKind.Tool, install.Kind);
        await using var app = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), install);
        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.UpdatesUrl, server.ManifestUrl.ToString(), Ct);

        var outcome = await app.App.Get<IUpdates>().UpdateAsync(Ct);

        var folder = Path.Combine(app.Paths.DataRoot, "updates", "0.3.0");
        Assert.False(outcome.Replaced);
        Assert.Equal($"dotnet tool update --tool-path \"{tools.Path}\" grove --version 0.3.0 --add-source \"{folder}\"", outcome.Command);
        Assert.Equal(package, File.ReadAllBytes(Path.Combine(folder, "grove.0.3.0.nupkg")));
    }

    [Fact]
    public void TheInstallKind_FollowsTheLayout()
    {
        Assert.Equal(InstallKind.SingleFile, InstallLocation.Detect("/opt/grove/grove", "/opt/grove/", singleFile: true, home: "/home/u").Kind);
        var global = InstallLocation.Detect("/home/u/.dotnet/tools/grove", "/home/u/.dotnet/tools/.store/grove/0.1.0/grove/0.1.0/tools/net10.0/any/", singleFile: false, home: "/home/u");
        Assert.Equal(InstallKind.Tool, global.Kind);
        Assert.True(global.GlobalTool);
        Assert.Equal(InstallKind.Source, InstallLocation.Detect("/src/grove/bin/Debug/net10.0/grove", "/src/grove/bin/Debug/net10.0/", singleFile: false, home: "/home/u").Kind);
    }

    [Theory]
    [InlineData("0.3.0", "0.2.9", 1)]
    [InlineData("0.3.0", "0.3.0-alpha.0.5", 1)]
    [InlineData("0.3.0-alpha.0.5", "0.3.0-alpha.0.12", -1)]
    [InlineData("0.3.0-beta", "0.3.0-alpha.1", 1)]
    [InlineData("1.0.0+abc", "1.0.0", 0)]
    [InlineData("0.10.0", "0.9.0", 1)]
    public void Versions_AreOrderedTheSemVerWay(string left, string right, int sign) =>
        Assert.Equal(sign, Math.Sign(ReleaseVersion.Compare(left, right)));

    [Fact]
    public void TheVersionLine_NamesVersionAndCommit() =>
        Assert.Equal("grove 0.1.0-alpha.0.123 (commit abc1234)", GroveVersion.Parse("0.1.0-alpha.0.123+abc1234def5678").ToString());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<TestApp> StartAsync(TimeProvider time, InstallLocation? install = null) =>
        TestApp.StartAsync(services =>
        {
            services.AddSingleton(time);
            services.AddSingleton(new GroveVersion("0.1.0", "abc1234"));
            services.AddSingleton(install ?? InstallLocation.Detect(null, AppContext.BaseDirectory, singleFile: false, home: null));
        });

    private static InstallLocation SingleFile(string binary) =>
        InstallLocation.Detect(binary, Path.GetDirectoryName(binary)!, singleFile: true, home: null);

    /// <summary>A single-file install as the release archive lays it out, plus a file of the user's.</summary>
    private static string WriteInstall(string folder)
    {
        var binary = WriteBinary(folder);
        Directory.CreateDirectory(Path.Combine(folder, "wwwroot"));
        File.WriteAllText(Path.Combine(folder, "wwwroot", "app.css"), "old css");
        File.WriteAllText(Path.Combine(folder, "wwwroot", "gone.js"), "old js");
        File.WriteAllText(Path.Combine(folder, "grove.staticwebassets.endpoints.json"), "old manifest");
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
        return binary;
    }

    /// <summary>A release archive as scripts/release.sh makes it (tar -C build -czf … .).</summary>
    private static byte[] NewArchive(byte[] executable)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            void Add(string name, byte[] bytes, UnixFileMode mode)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes), Mode = mode };
                tar.WriteEntry(entry);
            }

            const UnixFileMode readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "./wwwroot/") { Mode = readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute });
            Add("./grove", executable, readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            Add("./wwwroot/app.css", Encoding.UTF8.GetBytes("new css"), readable);
            Add("./wwwroot/new.js", Encoding.UTF8.GetBytes("new js"), readable);
            Add("./grove.staticwebassets.endpoints.json", Encoding.UTF8.GetBytes("new manifest"), readable);
        }

        return buffer.ToArray();
    }

    /// <summary>Every file of the install (relative path → bytes), without the update's work folder.</summary>
    private static SortedDictionary<string, byte[]> Snapshot(string folder)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (!relative.StartsWith(InstallFolderSwap.WorkFolderName + "/", StringComparison.Ordinal))
            {
                files[relative] = File.ReadAllBytes(file);
            }
        }

        return files;
    }

    /// <summary>After a refused update the work folder holds at most its lock: no download, nothing unpacked or kept.</summary>
    private static void AssertNoStagedFiles(string folder)
    {
        var work = Path.Combine(folder, InstallFolderSwap.WorkFolderName);
        var left = Directory.Exists(work)
            ? Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(work, f)).Where(f => f != "lock").ToList()
            : [];
        Assert.Empty(left);
    }

    private static string WriteBinary(string folder)
    {
        var path = Path.Combine(folder, "grove");
        File.WriteAllBytes(path, OldBuild);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
