using Grove.Data.Stores;
using Grove.Services;
using Grove.Web.Components.Settings;

namespace Grove.Web.Tests.Settings;

public sealed class AnalyticsSettingsTests : UiTestContext
{
    [Fact]
    public async Task Analytics_is_off_by_default_and_opting_in_with_a_key_turns_it_on()
    {
        var view = Render<SettingsView>();
        view.WaitForAssertion(() => Assert.Contains("nothing is sent unless you opt in", view.Find("[data-test='analytics-status']").TextContent, StringComparison.Ordinal));
        Assert.Equal("false", view.Find("[data-test='analytics-status']").GetAttribute("data-sending"));
        Assert.Null(view.Find($"[data-test='{SettingKeys.AnalyticsOptIn}']").GetAttribute("checked"));

        view.Find($"[data-test='{SettingKeys.AnalyticsOptIn}']").Change(true);
        view.Find("[data-action='save-settings']").Click();
        view.WaitForAssertion(() => Assert.Contains("no PostHog project key", view.Find("[data-test='analytics-status']").TextContent, StringComparison.Ordinal));

        view.Find($"[data-test='{SettingKeys.PostHogKey}']").Change("phc_project");
        view.Find($"[data-test='{SettingKeys.PostHogHost}']").Change("http://127.0.0.1:9/");
        view.Find("[data-action='save-settings']").Click();
        view.WaitForAssertion(() => Assert.Equal("true", view.Find("[data-test='analytics-status']").GetAttribute("data-sending")));
        Assert.Contains("127.0.0.1", view.Find("[data-test='analytics-status']").TextContent, StringComparison.Ordinal);
        Assert.Equal("true", await Get<ISettingsStore>().GetAsync(SettingKeys.AnalyticsOptIn, Ct));

        view.Find($"[data-test='{SettingKeys.AnalyticsOptIn}']").Change(false);
        view.Find("[data-action='save-settings']").Click();
        view.WaitForAssertion(() => Assert.Equal("false", view.Find("[data-test='analytics-status']").GetAttribute("data-sending")));
        Assert.Null(await Get<ISettingsStore>().GetAsync(SettingKeys.AnalyticsOptIn, Ct));
    }

    [Fact]
    public void A_host_that_is_not_a_url_is_refused_inline()
    {
        var view = Render<SettingsView>();

        view.Find($"[data-test='{SettingKeys.PostHogHost}']").Change("posthog.example");
        view.Find("[data-action='save-settings']").Click();

        view.WaitForAssertion(() => Assert.Contains("http(s) URL", view.Find($"[data-test='{SettingKeys.PostHogHost}-error']").TextContent, StringComparison.Ordinal));
    }
}
