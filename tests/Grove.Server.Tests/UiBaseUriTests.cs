using Grove.Server.Tests.TestServices;

namespace Grove.Server.Tests;

/// <summary>
/// The UI resolves its assets and Blazor's routes against <c>&lt;base href="/"&gt;</c>; a CSP of
/// <c>base-uri 'none'</c> made the browser ignore it, so every page below the root
/// (<c>/w/{ws}/t/{tab}</c>) loaded its CSS and scripts from the wrong folder.
/// </summary>
public sealed class UiBaseUriTests
{
    [Fact]
    public async Task ADeepUiPage_MayUseItsOwnBaseHref()
    {
        await using var bed = await ServerBed.StartAsync();

        using var response = await bed.Client.GetAsync("/w/ws_unknown/t/tab_unknown", ServerBed.Ct);
        var html = await response.Content.ReadAsStringAsync(ServerBed.Ct);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));

        Assert.Contains("<base href=\"/\">", html, StringComparison.Ordinal);
        Assert.Contains("base-uri 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("base-uri 'none'", csp, StringComparison.Ordinal);
    }
}
