using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grove.Testing.FakeGitHub;

namespace Grove.Testing.Tests;

/// <summary>The fake GitHub REST API over plain HttpClient: pull requests, ETags, errors, merge, recording.</summary>
public sealed class FakeGitHubServerTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task CreatePullRequest_Answers201_ThenTheSameHead422AlreadyExists()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var github = await FakeGitHubServer.StartAsync(cancellationToken: ct);
        github.PushHead("feature", new string('1', 40));

        using var first = await SendAsync(github, HttpMethod.Post, "pulls", """{"title":"Add it","head":"feature","base":"main","draft":true}""", ct: ct);
        using var second = await SendAsync(github, HttpMethod.Post, "pulls", """{"title":"Again","head":"feature","base":"main"}""", ct: ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = JsonDocument.Parse(await first.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.Equal(1, created.GetProperty("number").GetInt32());
        Assert.True(created.GetProperty("draft").GetBoolean());
        Assert.Equal(new string('1', 40), created.GetProperty("head").GetProperty("sha").GetString());
        Assert.Equal((HttpStatusCode)422, second.StatusCode);
        Assert.Contains("A pull request already exists", await second.Content.ReadAsStringAsync(ct));
        Assert.Single(github.PullRequests);
    }

    [Fact]
    public async Task Get_WithTheETag_Answers304WithoutABody_AndAChangeGivesANewETag()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var github = await FakeGitHubServer.StartAsync(cancellationToken: ct);
        github.AddPullRequest("feature", "Title");

        using var first = await SendAsync(github, HttpMethod.Get, "pulls/1", ct: ct);
        var etag = first.Headers.ETag!.ToString();
        using var again = await SendAsync(github, HttpMethod.Get, "pulls/1", ifNoneMatch: etag, ct: ct);
        github.Update(1, pr => pr.Title = "Changed");
        using var changed = await SendAsync(github, HttpMethod.Get, "pulls/1", ifNoneMatch: etag, ct: ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag!.ToString());
        Assert.Equal(etag, github.Requests[1].IfNoneMatch);
        Assert.Equal([200, 304, 200], github.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task WrongToken_Is401_AndRateLimitNext_Is403WithResetHeaders()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var github = await FakeGitHubServer.StartAsync(cancellationToken: ct);
        var reset = DateTimeOffset.FromUnixTimeSeconds(2_000_000_000);

        using var unauthorized = await SendAsync(github, HttpMethod.Get, "pulls", token: "nope", ct: ct);
        github.RateLimitNext(reset);
        using var limited = await SendAsync(github, HttpMethod.Get, "pulls", ct: ct);
        using var after = await SendAsync(github, HttpMethod.Get, "pulls", ct: ct);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Contains("Bad credentials", await unauthorized.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.Forbidden, limited.StatusCode);
        Assert.Equal("0", limited.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal("2000000000", limited.Headers.GetValues("X-RateLimit-Reset").Single());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Merge_Is405WhenNotMergeable_409WhenTheHeadMoved_And200Otherwise()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var github = await FakeGitHubServer.StartAsync(cancellationToken: ct);
        github.PushHead("feature", new string('1', 40));
        var pull = github.AddPullRequest("feature", "Title");
        github.Update(1, pr => pr.Mergeable = false);

        using var notMergeable = await SendAsync(github, HttpMethod.Put, "pulls/1/merge", """{"merge_method":"squash"}""", ct: ct);
        github.Update(1, pr => pr.Mergeable = true);
        using var moved = await SendAsync(github, HttpMethod.Put, "pulls/1/merge", $$"""{"merge_method":"squash","sha":"{{new string('2', 40)}}"}""", ct: ct);
        using var merged = await SendAsync(github, HttpMethod.Put, "pulls/1/merge", $$"""{"merge_method":"squash","sha":"{{new string('1', 40)}}"}""", ct: ct);
        using var deleted = await SendAsync(github, HttpMethod.Delete, "git/refs/heads/feature", ct: ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, notMergeable.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, moved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        Assert.True(pull.Merged);
        Assert.Equal("squash", pull.MergeMethod);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(["feature"], github.DeletedBranches);
    }

    [Fact]
    public async Task ChecksAndStatuses_ReportMixedResults_AndReviewCommentsCarryPathAndLine()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var github = await FakeGitHubServer.StartAsync(cancellationToken: ct);
        var sha = new string('1', 40);
        github.AddCheckRun(sha, new FakeCheckRun("build", "success"));
        github.AddCheckRun(sha, new FakeCheckRun("test", "failure", "2 failed", "Tests failed", "FooTests.Bar"));
        github.AddCheckRun(sha, new FakeCheckRun("lint", null));
        github.AddStatus(sha, new FakeCommitStatus("ci/legacy", "error", "broke"));
        github.AddPullRequest("feature", "Title");
        github.AddReviewComment(1, new FakeReviewComment("src/a.cs", 12, "reviewer", "Rename this"));

        var runs = JsonDocument.Parse(await (await SendAsync(github, HttpMethod.Get, $"commits/{sha}/check-runs", ct: ct)).Content.ReadAsStringAsync(ct)).RootElement;
        var status = JsonDocument.Parse(await (await SendAsync(github, HttpMethod.Get, $"commits/{sha}/status", ct: ct)).Content.ReadAsStringAsync(ct)).RootElement;
        var comments = JsonDocument.Parse(await (await SendAsync(github, HttpMethod.Get, "pulls/1/comments", ct: ct)).Content.ReadAsStringAsync(ct)).RootElement;

        Assert.Equal(3, runs.GetProperty("total_count").GetInt32());
        Assert.Equal(["success", "failure", null], runs.GetProperty("check_runs").EnumerateArray().Select(r => r.GetProperty("conclusion").GetString()));
        Assert.Equal("FooTests.Bar", runs.GetProperty("check_runs")[1].GetProperty("output").GetProperty("text").GetString());
        Assert.Equal("failure", status.GetProperty("state").GetString());
        Assert.Equal("src/a.cs", comments[0].GetProperty("path").GetString());
        Assert.StartsWith("@@ -12,1 +12,1 @@", comments[0].GetProperty("diff_hunk").GetString());
    }

    [Fact]
    public async Task AnotherRepository_Is404()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var github = await FakeGitHubServer.StartAsync("octo", "hello", cancellationToken: ct);

        using var response = await Http.SendAsync(Request(github, HttpMethod.Get, new Uri(github.ApiUrl, "repos/octo/secret/pulls"), null, github.Token, null), ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(FakeGitHubServer github, HttpMethod method, string path, string? body = null, string? token = null, string? ifNoneMatch = null, CancellationToken ct = default) =>
        Http.SendAsync(Request(github, method, new Uri(github.ApiUrl, $"repos/{github.Owner}/{github.Repository}/{path}"), body, token ?? github.Token, ifNoneMatch), ct);

    private static HttpRequestMessage Request(FakeGitHubServer github, HttpMethod method, Uri uri, string? body, string token, string? ifNoneMatch)
    {
        _ = github;
        var request = new HttpRequestMessage(method, uri) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("token", token);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return request;
    }
}
