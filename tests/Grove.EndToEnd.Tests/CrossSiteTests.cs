using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

/// <summary>
/// A page from another site, open in the same browser that is signed in to Grove, can neither
/// change anything nor open the UI's WebSocket.
/// </summary>
public sealed class CrossSiteTests
{
    [Fact]
    public async Task Another_site_cannot_post_to_the_api_or_open_the_ui_websocket()
    {
        await using var bed = await GroveBed.StartAsync();
        var page = await bed.SignedInPageAsync();
        var port = bed.Server.BaseUrl.Port;
        // evil.test is served by the browser itself (routed), so it is a real other origin.
        await page.Context.RouteAsync("http://evil.test/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = "<!doctype html><title>evil</title><p>hello</p>",
        }));
        var evil = await page.Context.NewPageAsync();
        await evil.GotoAsync("http://evil.test/");

        var outcome = await evil.EvaluateAsync<string>(
            """
            async ([port, repo]) => {
              const results = [];
              try {
                await fetch(`http://127.0.0.1:${port}/api/projects`, {
                  method: 'POST', mode: 'no-cors', credentials: 'include',
                  headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ path: repo }) });
                results.push('post-sent');
              } catch (e) { results.push('post-failed'); }
              const ws = await new Promise(resolve => {
                const socket = new WebSocket(`ws://127.0.0.1:${port}/_blazor`);
                socket.onopen = () => { socket.close(); resolve('ws-open'); };
                socket.onerror = () => resolve('ws-refused');
                setTimeout(() => resolve('ws-timeout'), 10000);
              });
              results.push(ws);
              return results.join(',');
            }
            """, new object[] { port, bed.Repo.Path });

        Assert.EndsWith("ws-refused", outcome, StringComparison.Ordinal);
        var (exitCode, projects) = await bed.GroveAsync("project", "list", "--json");
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(bed.Repo.Path, projects, StringComparison.Ordinal);
        // The signed-in Grove page itself still works.
        Assert.Equal("true", await page.Locator("body").GetAttributeAsync("data-interactive"));
    }
}
