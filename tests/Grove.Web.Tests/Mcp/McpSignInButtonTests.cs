using System.Net;
using System.Net.Sockets;
using Bunit;
using Grove.Services;
using Grove.Services.Settings;
using Grove.Testing;
using Grove.Testing.FakeOAuth;
using Grove.Web.Components.Mcp;

namespace Grove.Web.Tests.Mcp;

/// <summary>The sign-in button over the real sign-in service, against the fake OAuth-protected MCP server.</summary>
public sealed class McpSignInButtonTests : UiTestContext
{
    private FakeMcpOAuthServer _server = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _server = await FakeMcpOAuthServer.StartAsync(cancellationToken: Ct);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await Get<ISettingsService>().SetAsync(SettingKeys.McpOAuthCallbackPort, port.ToString(System.Globalization.CultureInfo.InvariantCulture), Ct);
    }

    protected override async ValueTask DisposeTestResourcesAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Sign_in_opens_the_authorize_page_shows_signed_in_after_the_callback_and_sign_out_clears_it()
    {
        var module = JSInterop.SetupModule("./_content/Grove.Web/js/mcp-sign-in.js");
        module.Setup<bool>("openSignIn", _ => true).SetResult(true);
        var button = Render<McpSignInButton>(p => p.Add(b => b.ServerUrl, _server.McpUrl.AbsoluteUri));
        button.WaitForAssertion(() => Assert.Equal("signed-out", button.Find("[data-test=mcp-sign-in]").GetAttribute("data-state")), TestTimeouts.Default);

        // The click's handler runs until the browser comes back, so it is not awaited here.
        var click = button.Find("[data-action=mcp-sign-in]").ClickAsync(new());
        var link = button.WaitForElement("[data-test=mcp-authorize-link]", TestTimeouts.Default).GetAttribute("href")!;
        Assert.Equal("signing-in", button.Find("[data-test=mcp-sign-in]").GetAttribute("data-state"));

        using var browser = new HttpClient();
        using var page = await browser.GetAsync(link, Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        button.WaitForAssertion(() => Assert.Equal("signed-in", button.Find("[data-test=mcp-sign-in]").GetAttribute("data-state")), TestTimeouts.Default);
        Assert.Contains("Signed in", button.Find("[role=status]").TextContent, StringComparison.Ordinal);
        await click.WaitAsync(TestTimeouts.Default, Ct);
        Assert.Equal(link, module.VerifyInvoke("openSignIn").Arguments[0]);

        await button.Find("[data-action=mcp-sign-out]").ClickAsync(new());
        button.WaitForAssertion(() => Assert.Equal("signed-out", button.Find("[data-test=mcp-sign-in]").GetAttribute("data-state")), TestTimeouts.Default);
    }

    [Fact]
    public async Task A_failing_sign_in_shows_its_one_line_error()
    {
        _server.RefuseRegistration = true;
        var button = Render<McpSignInButton>(p => p.Add(b => b.ServerUrl, _server.McpUrl.AbsoluteUri));

        await button.Find("[data-action=mcp-sign-in]").ClickAsync(new());

        button.WaitForAssertion(() => Assert.Contains("refused client registration", button.Find("[data-test=mcp-sign-in-error]").TextContent, StringComparison.Ordinal), TestTimeouts.Default);
        Assert.Equal("signed-out", button.Find("[data-test=mcp-sign-in]").GetAttribute("data-state"));
    }
}
