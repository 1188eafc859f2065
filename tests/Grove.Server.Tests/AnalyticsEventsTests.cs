using System.Net;
using System.Text.Json;
using Grove.Cli;
using Grove.Server.Tests.TestServices;
using Grove.Services;
using Grove.Services.Analytics;
using Grove.Services.Settings;
using Grove.Testing.FakeAccount;
using Grove.Testing.FakePostHog;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Server.Tests;

/// <summary>
/// Usage events the running server sends where the user does the thing (issue 15), against a fake
/// PostHog: <c>app_opened</c> when the server starts, <c>signed_in</c> when an account sign-in completes
/// through the browser's callback and through <c>grove open-url</c> — with the plan and connection
/// method, never the account's email, name or tokens.
/// </summary>
public sealed class AnalyticsEventsTests
{
    [Fact]
    public async Task The_server_start_and_each_completed_sign_in_are_tracked_without_the_accounts_identity()
    {
        await using var posthog = await FakePostHogServer.StartAsync();
        await using var backend = await FakeAccountServer.StartAsync();
        await using var bed = await ServerBed.StartAsync(settings: new Dictionary<string, string?>
        {
            [SettingKeys.AccountApiUrl] = backend.BaseUrl.AbsoluteUri,
            [SettingKeys.PostHogKey] = posthog.ProjectKey,
            [SettingKeys.PostHogHost] = posthog.BaseUrl.AbsoluteUri,
            [SettingKeys.AnalyticsOptIn] = "true",
        });
        var analytics = bed.Server.Services.GetRequiredService<IAnalytics>();

        // The browser comes back to the open callback.
        using (var page = await GetAsBrowserAsync(bed, await StartBrowserSignInAsync(bed)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        // A grove:// link handed over by the desktop: grove open-url.
        bed.AnnounceToCli();
        var link = "grove://auth/callback" + (await StartBrowserSignInAsync(bed)).Query;
        var open = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await open.RunAsync(ServerBed.Ct, "open-url", link));
        await analytics.FlushAsync(ServerBed.Ct);

        var events = posthog.Events;
        Assert.Equal(
            [AnalyticsEvents.FirstLaunch, AnalyticsEvents.AppOpened, AnalyticsEvents.SignedIn, AnalyticsEvents.SignedIn],
            events.Select(e => e.Name));
        foreach (var signedIn in events.Where(e => e.Name == AnalyticsEvents.SignedIn))
        {
            Assert.Equal("paid", signedIn.Properties["plan"]!.GetValue<string>());
            Assert.True(signedIn.Properties.ContainsKey("connection_method"));
        }

        var raw = string.Concat(posthog.RawBodies);
        Assert.DoesNotContain("ada@example.com", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("user-42", raw, StringComparison.Ordinal);
        foreach (var token in backend.IssuedTokens)
        {
            Assert.DoesNotContain(token, raw, StringComparison.Ordinal);
        }
    }

    private static async Task<Uri> StartBrowserSignInAsync(ServerBed bed)
    {
        var started = await bed.PostJsonAsync("api/account/login", null);
        return await FakeAccountServer.FollowSignInPageAsync(new Uri(started.GetProperty("signInUrl").GetString()!), ServerBed.Ct);
    }

    private static async Task<HttpResponseMessage> GetAsBrowserAsync(ServerBed bed, Uri url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/html");
        return await bed.Anonymous.SendAsync(request, ServerBed.Ct);
    }
}
