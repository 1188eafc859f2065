using System.Net;
using System.Net.WebSockets;
using Grove.Server.Tests.TestServices;

namespace Grove.Server.Tests;

/// <summary>The Blazor UI is served behind the same guards as the API.</summary>
public sealed class UiHostingTests
{
    [Fact]
    public async Task TheUi_IsServedToASignedInClient_WithBlazorsScript()
    {
        await using var bed = await ServerBed.StartAsync();

        var html = await bed.Client.GetStringAsync("/", ServerBed.Ct);
        using var script = await bed.Client.GetAsync("_framework/blazor.web.js", ServerBed.Ct);
        using var css = await bed.Client.GetAsync("_content/Grove.Web/grove.css", ServerBed.Ct);

        Assert.Contains("<script src=\"_framework/blazor.web.js\"></script>", html, StringComparison.Ordinal);
        Assert.Contains("class=\"shell", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync(ServerBed.Ct)).Length > 10_000);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/settings")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/_content/Grove.Web/Grove.Web.bundle.scp.css")]
    [InlineData("/_content/Grove.Web/js/grove.js")]
    public async Task TheUi_NeedsTheToken(string path)
    {
        // Only the sign-in page's stylesheet, icon and theme script are public (SignInPageTests).
        await using var bed = await ServerBed.StartAsync();

        using var response = await bed.Anonymous.GetAsync(path, ServerBed.Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CrossOriginWebSocket_ToTheUiHub_IsRefused_EvenWithTheToken()
    {
        await using var bed = await ServerBed.StartAsync();

        var foreign = await ConnectAsync(bed, "http://evil.example");
        var own = await ConnectAsync(bed, $"http://127.0.0.1:{bed.Port}");

        Assert.Equal(HttpStatusCode.Forbidden, foreign);
        Assert.NotEqual(HttpStatusCode.Forbidden, own);
    }

    private static async Task<HttpStatusCode> ConnectAsync(ServerBed bed, string origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", origin);
        socket.Options.SetRequestHeader("Authorization", bed.Client.DefaultRequestHeaders.Authorization!.ToString());
        try
        {
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{bed.Port}/_blazor?id=unknown"), ServerBed.Ct);
            return socket.HttpStatusCode;
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
    }
}
