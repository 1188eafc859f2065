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
