using System.Net;
using Grove.Cli;
using Grove.Server.Tests.TestServices;

namespace Grove.Server.Tests;

/// <summary>A browser without a valid token gets a page that says how to sign in; scripts keep ProblemDetails.</summary>
public sealed class SignInPageTests
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Theory]
    [InlineData("/")]
    [InlineData("/w/some-workspace")]
    [InlineData("/login?token=guess")]
    [InlineData("/login")]
    public async Task A_browser_without_a_valid_token_gets_an_html_page_that_says_what_to_do(string path)
    {
        await using var bed = await ServerBed.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/')) { Headers = { { "Accept", BrowserAccept } } };
        using var response = await bed.Anonymous.SendAsync(request, ServerBed.Ct);
        var body = await response.Content.ReadAsStringAsync(ServerBed.Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<code>grove serve</code> printed", body, StringComparison.Ordinal);
        Assert.Contains("<code>grove url</code>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", body, StringComparison.Ordinal); // the CSP allows no inline script
        Assert.DoesNotContain(" style=", body, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain(bed.Server.Token.Value, body, StringComparison.Ordinal);
        Assert.Contains(path.StartsWith("/login", StringComparison.Ordinal) ? "link is not valid" : "not signed in", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_stylesheet_is_public_but_the_app_is_not()
    {
        await using var bed = await ServerBed.StartAsync();

        using var css = await bed.Anonymous.GetAsync("_content/Grove.Web/grove.css", ServerBed.Ct);
        using var appCss = await bed.Anonymous.GetAsync("_content/Grove.Web/Grove.Web.bundle.scp.css", ServerBed.Ct);

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Contains(".signin", await css.Content.ReadAsStringAsync(ServerBed.Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, appCss.StatusCode);
    }

    [Theory]
    [InlineData("api/projects", "application/json")]
    [InlineData("api/projects", null)]
    [InlineData("login?token=guess", "*/*")]
    public async Task Scripts_still_get_a_problem_details_401(string path, string? accept)
    {
        await using var bed = await ServerBed.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.Add("Accept", accept);
        }

        using var response = await bed.Anonymous.SendAsync(request, ServerBed.Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_bearer_token_gets_problem_details_even_when_html_is_accepted()
    {
        await using var bed = await ServerBed.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/projects") { Headers = { { "Accept", BrowserAccept }, { "Authorization", "Bearer nope" } } };
        using var response = await bed.Anonymous.SendAsync(request, ServerBed.Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Grove_url_prints_the_running_servers_sign_in_link_and_it_signs_in()
    {
        await using var bed = await ServerBed.StartAsync();
        bed.AnnounceToCli();
        var cli = new InProcessCli(bed.Home);

        Assert.Equal(ExitCodes.Success, await cli.RunAsync(ServerBed.Ct, "url"));

        var link = cli.Out.Text.Trim();
        Assert.Equal(bed.Server.LoginUrl, link);
        using var login = await bed.Anonymous.GetAsync(link, ServerBed.Ct);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
    }

    [Fact]
    public async Task Grove_url_without_a_server_says_how_to_start_one()
    {
        using var home = new Grove.Testing.TempDirectory("grove-url");
        var cli = new InProcessCli(home.Path);

        Assert.Equal(ExitCodes.ServerNotRunning, await cli.RunAsync(ServerBed.Ct, "url"));
        Assert.Contains("start one with `grove serve`", cli.Error.Text, StringComparison.Ordinal);
    }
}
