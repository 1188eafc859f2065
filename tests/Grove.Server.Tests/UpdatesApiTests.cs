using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Grove.Core.Updates;
using Grove.Server.Tests.TestServices;
using Grove.Testing.FakeUpdates;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Server.Tests;

/// <summary>The update check through the server: nothing at start-up without a URL; focus checks share the one-minute cooldown.</summary>
public sealed class UpdatesApiTests
{
    [Fact]
    public async Task FocusChecks_WithinAMinute_MakeOneRequest_AndReportTheNewerVersion()
    {
        await using var releases = await FakeUpdateServer.StartAsync(ServerBed.Ct);
        releases.Publish("0.3.0", "https://example.test/notes", new Dictionary<string, byte[]> { ["linux-x64"] = Encoding.UTF8.GetBytes("build") });
        await using var bed = await ServerBed.StartAsync(configureServices: services => services.AddSingleton(new GroveVersion("0.1.0", "abc1234")));

        var before = await bed.GetJsonAsync<JsonElement>("api/updates");
        using var put = await bed.Client.PutAsJsonAsync("api/settings/updates.url", new { value = releases.ManifestUrl.ToString() }, ServerBed.Ct);
        put.EnsureSuccessStatusCode();
        var first = await bed.PostJsonAsync("api/updates/check", null);
        var second = await bed.PostJsonAsync("api/updates/check", null);
        var after = await bed.GetJsonAsync<JsonElement>("api/updates");

        Assert.Equal(JsonValueKind.Null, before.GetProperty("latestVersion").ValueKind);
        Assert.False(before.GetProperty("updateAvailable").GetBoolean());
        Assert.Equal(1, releases.ManifestRequests);
        foreach (var view in new[] { first, second, after })
        {
            Assert.Equal("0.1.0", view.GetProperty("currentVersion").GetString());
            Assert.Equal("0.3.0", view.GetProperty("latestVersion").GetString());
            Assert.True(view.GetProperty("updateAvailable").GetBoolean());
            Assert.Equal("https://example.test/notes", view.GetProperty("notes").GetString());
        }
    }
}
