using Bunit;
using Grove.Services;
using Grove.Services.Account;
using Grove.Services.Settings;
using Grove.Testing;
using Grove.Testing.FakeAccount;
using Grove.Web.Components.Layout;
using Grove.Web.Components.Settings;
using Grove.Web.State;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Settings;

/// <summary>Settings → Account over the real account service, against the fake account backend.</summary>
public sealed class AccountSectionTests : UiTestContext
{
    private FakeAccountServer _backend = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _backend = await FakeAccountServer.StartAsync();
    }

    protected override async ValueTask DisposeTestResourcesAsync() => await _backend.DisposeAsync();

    [Fact]
    public void Without_a_backend_url_it_says_how_to_set_one()
    {
        var section = Render<AccountSection>();

        section.WaitForAssertion(() => Assert.Equal("not-configured", section.Find("[data-test=account-section]").GetAttribute("data-state")), TestTimeouts.Default);
        Assert.Contains("grove config set account.api_url", section.Find("[data-test=account-hint]").TextContent, StringComparison.Ordinal);
        Assert.Empty(section.FindAll("[data-action=account-sign-in]"));
        Assert.Empty(_backend.Requests);
    }

    [Fact]
    public async Task Sign_in_opens_the_backend_page_then_shows_the_profile_and_plan_edits_the_name_and_signs_out()
    {
        await Get<ISettingsService>().SetAsync(SettingKeys.AccountApiUrl, _backend.BaseUrl.AbsoluteUri, Ct);
        var module = JSInterop.SetupModule("./_content/Grove.Web/js/mcp-sign-in.js");
        module.Setup<bool>("openSignIn", _ => true).SetResult(true);
        var section = Render<AccountSection>();
        section.WaitForAssertion(() => Assert.Equal("signed-out", section.Find("[data-test=account-section]").GetAttribute("data-state")), TestTimeouts.Default);

        await section.Find("[data-action=account-sign-in]").ClickAsync(new());
        var link = section.WaitForElement("[data-test=account-sign-in-link]", TestTimeouts.Default).GetAttribute("href")!;
        Assert.Equal(link, module.VerifyInvoke("openSignIn").Arguments[0]);
        Assert.StartsWith(_backend.BaseUrl.AbsoluteUri + "auth/desktop?", link, StringComparison.Ordinal);

        // The browser signs in and comes back to the server's /auth/callback, which completes the sign-in.
        var callback = await FakeAccountServer.FollowSignInPageAsync(new Uri(link), Ct);
        Assert.Equal("/auth/callback", callback.AbsolutePath);
        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        await Get<IAccount>().CompleteSignInAsync(query["code"], query["state"], Ct);

        section.WaitForAssertion(() => Assert.Equal("signed-in", section.Find("[data-test=account-section]").GetAttribute("data-state")), TestTimeouts.Default);
        section.WaitForAssertion(() => Assert.Equal("Plan: pro (paid)", section.Find("[data-test=account-plan]").TextContent), TestTimeouts.Default);
        Assert.Equal("Ada Lovelace", section.Find("[data-test=account-name]").TextContent);
        Assert.Equal("ada@example.com", section.Find("[data-test=account-email]").TextContent);

        await section.Find("[data-test=account-name-input]").ChangeAsync(new() { Value = "Ada King" });
        await section.Find("[data-action=account-save-name]").ClickAsync(new());
        section.WaitForAssertion(() => Assert.Equal("Ada King", section.Find("[data-test=account-name]").TextContent), TestTimeouts.Default);
        Assert.Equal("Ada King", _backend.UserName);

        await section.Find("[data-action=account-sign-out]").ClickAsync(new());
        section.WaitForAssertion(() => Assert.Equal("signed-out", section.Find("[data-test=account-section]").GetAttribute("data-state")), TestTimeouts.Default);
    }

    [Fact]
    public async Task A_refused_renewal_shows_its_notice_once_as_a_toast()
    {
        await Get<ISettingsService>().SetAsync(SettingKeys.AccountApiUrl, _backend.BaseUrl.AbsoluteUri, Ct);
        _backend.AccessTokenLifetime = TimeSpan.FromMinutes(3); // within the renewal margin from the start
        var account = Get<IAccount>();
        var started = await account.BeginSignInAsync(new Uri("http://127.0.0.1:1/auth/callback"), Ct);
        var query = System.Web.HttpUtility.ParseQueryString((await FakeAccountServer.FollowSignInPageAsync(started.SignInUrl, Ct)).Query);
        await account.CompleteSignInAsync(query["code"], query["state"], Ct);
        var notice = Render<AccountNotice>();
        var toasts = Services.GetRequiredService<Toasts>();

        _backend.RefuseRefresh = true;
        Assert.Null(await Get<IAccountAccess>().CurrentAsync(Ct));

        notice.WaitForState(() => toasts.Items.Any(t => t.Kind == ToastKind.Error && t.Message.Contains("refused to renew", StringComparison.Ordinal)), TestTimeouts.Default);
        Assert.Null(account.TakeNotice());
        Assert.Single(toasts.Items, t => t.Message.Contains("refused to renew", StringComparison.Ordinal));
    }
}
