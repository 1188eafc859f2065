using System.Text;
using Grove.Core.Updates;
using Grove.Testing.FakeUpdates;

namespace Grove.Cli.Tests;

/// <summary><c>grove update</c> and the update line of <c>grove --version</c>, against a fake release server.</summary>
public sealed class UpdateCommandTests
{
    [Fact]
    public async Task Version_PrintsVersionAndCommit_AndNothingMoreWithoutAUrl()
    {
        await using var server = await FakeUpdateServer.StartAsync(TestContext.Current.CancellationToken);
        using var cli = new CliRunner();

        var output = await cli.OkAsync("--version");

        Assert.Equal(GroveVersion.Current.ToString(), output.Trim());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ANewerRelease_IsNamedOnVersion_AndUpdateFromSourceSaysGitPull()
    {
        await using var server = await FakeUpdateServer.StartAsync(TestContext.Current.CancellationToken);
        server.Publish("99.0.0", null, new Dictionary<string, byte[]> { ["linux-x64"] = Encoding.UTF8.GetBytes("build") });
        using var cli = new CliRunner();
        await cli.OkAsync("config", "set", "updates.url", server.ManifestUrl.ToString());

        var update = await cli.OkAsync("update");
        var version = await cli.OkAsync("--version");

        Assert.Contains("Grove 99.0.0 is available", update);
        Assert.Contains("git pull", update);
        Assert.Equal(1, server.ManifestRequests);
        Assert.Equal(
            [GroveVersion.Current.ToString(), "Grove 99.0.0 is available: run `grove update`."],
            version.Trim().Split('\n').Select(l => l.TrimEnd('\r')));
        // --version reads the cached result: no second request.
        Assert.Equal(1, server.ManifestRequests);
    }
}
