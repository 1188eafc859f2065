using System.Text;
using Grove.Core.Updates;
using Grove.Services;
using Grove.Services.Settings;
using Grove.Services.Updates;
using Grove.Testing.FakeUpdates;
using Grove.Web.Components.Layout;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Layout;

/// <summary>The sidebar's quiet notice when a check (start-up or the page regaining focus) finds a newer Grove.</summary>
public sealed class UpdateNoticeTests : UiTestContext
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(new GroveVersion("0.1.0", "abc1234"));

    [Fact]
    public async Task A_newer_release_shows_a_notice_with_its_notes()
    {
        await using var server = await FakeUpdateServer.StartAsync(Ct);
        server.Publish("0.3.0", "https://example.test/releases/0.3.0", new Dictionary<string, byte[]> { ["linux-x64"] = Encoding.UTF8.GetBytes("build") });
        var sidebar = Render<Sidebar>();
        sidebar.WaitForAssertion(() => Assert.NotNull(sidebar.Find(".sidebar-foot")));
        Assert.Empty(sidebar.FindAll("[data-test='update-notice']"));

        await Get<ISettingsService>().SetAsync(SettingKeys.UpdatesUrl, server.ManifestUrl.ToString(), Ct);
        await Get<IUpdates>().CheckAsync(Ct);

        sidebar.WaitForAssertion(() =>
        {
            var notice = sidebar.Find("[data-test='update-notice']");
            Assert.Contains("Grove 0.3.0 is available", notice.TextContent, StringComparison.Ordinal);
            Assert.Equal("https://example.test/releases/0.3.0", notice.QuerySelector("a")!.GetAttribute("href"));
        });
    }

    [Fact]
    public async Task The_same_version_shows_nothing()
    {
        await using var server = await FakeUpdateServer.StartAsync(Ct);
        server.Publish("0.1.0", null, new Dictionary<string, byte[]> { ["linux-x64"] = Encoding.UTF8.GetBytes("build") });
        await Get<ISettingsService>().SetAsync(SettingKeys.UpdatesUrl, server.ManifestUrl.ToString(), Ct);
        await Get<IUpdates>().CheckAsync(Ct);

        var sidebar = Render<Sidebar>();

        sidebar.WaitForAssertion(() => Assert.NotNull(sidebar.Find(".sidebar-foot")));
        Assert.Empty(sidebar.FindAll("[data-test='update-notice']"));
        Assert.Equal(1, server.ManifestRequests);
    }
}
