using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grove.Server.Tests.TestServices;
using Grove.Testing;
using Grove.Testing.FakeGitHub;

namespace Grove.Server.Tests;

/// <summary><c>/api/workspaces/{ws}/pr</c> on the real server against the fake GitHub, set up through the API as a script would.</summary>
public sealed class PullRequestsApiTests
{
    [Fact]
    public async Task CreateStatusChecksCommentsMerge_OverHttp_AndErrorsAreProblemDetails()
    {
        var ct = ServerBed.Ct;
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create(withRemote: true);
        await using var github = await FakeGitHubServer.StartAsync(cancellationToken: ct);
        github.UseAsOriginOf(repo);
        await EnsureAsync(await bed.Client.PutAsJsonAsync("api/settings/github.api_url", new { value = github.BaseUrl.AbsoluteUri }, ct));
        await EnsureAsync(await bed.Client.PostAsJsonAsync("api/secrets/github.token", new { value = github.Token }, ct));
        var workspace = await bed.CreateWorkspaceAsync(repo, "feature");
        var worktree = (await bed.GetJsonAsync<JsonElement>($"api/workspaces/{workspace}")).GetProperty("worktreePath").GetString()!;
        File.WriteAllText(Path.Combine(worktree, "hello.txt"), "hello\n");
        var sha = (await bed.PostJsonAsync($"api/workspaces/{workspace}/changes/commit", new { message = "Say hello", all = true })).GetProperty("sha").GetString()!;

        var created = await bed.PostJsonAsync($"api/workspaces/{workspace}/pr", new { draft = true });
        github.AddCheckRun(sha, new FakeCheckRun("test", "failure", "1 failed"));
        github.AddReviewComment(1, new FakeReviewComment("hello.txt", 1, "reviewer", "Louder"));
        var status = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{workspace}/pr?refresh=true");
        var checks = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{workspace}/pr/checks");
        var comments = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{workspace}/pr/comments");
        var threads = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{workspace}/pr/threads");
        github.RateLimitNext(DateTimeOffset.UtcNow.AddMinutes(10));
        using var limited = await bed.Client.GetAsync($"api/workspaces/{workspace}/pr?refresh=true", ct);
        var merged = await bed.PostJsonAsync($"api/workspaces/{workspace}/pr/merge", new { method = "squash", deleteBranch = true });
        using var again = await bed.Client.PostAsJsonAsync($"api/workspaces/{workspace}/pr/merge", new { method = "squash" }, ct);
        TestGit.Run(repo.Path, "config", "remote.origin.url", "https://gitlab.com/octo/hello.git");
        await EnsureAsync(await bed.Client.PutAsJsonAsync("api/settings/github.api_url", new { value = (string?)null }, ct));
        using var unsupported = await bed.Client.GetAsync($"api/workspaces/{workspace}/pr", ct);

        Assert.Equal(1, created.GetProperty("pullRequest").GetProperty("number").GetInt32());
        Assert.True(created.GetProperty("pullRequest").GetProperty("isDraft").GetBoolean());
        Assert.False(created.GetProperty("alreadyExisted").GetBoolean());
        Assert.NotEmpty(created.GetProperty("progress").EnumerateArray());
        Assert.Equal(1, status.GetProperty("checks").GetProperty("failed").GetInt32());
        Assert.Equal("test", status.GetProperty("checks").GetProperty("failing")[0].GetProperty("name").GetString());
        Assert.Equal("failed", checks[0].GetProperty("outcome").GetString());
        Assert.Equal("Louder", comments[0].GetProperty("body").GetString());
        Assert.False(threads[0].GetProperty("isResolved").GetBoolean());
        Assert.Equal("Louder", threads[0].GetProperty("comments")[0].GetProperty("body").GetString());
        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, "rateLimited", "resets at");
        Assert.Equal("squash", merged.GetProperty("method").GetString());
        Assert.Equal(["feature"], github.DeletedBranches);
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "conflict", "already merged");
        await AssertProblemAsync(unsupported, HttpStatusCode.UnprocessableEntity, "unsupported", "not a GitHub remote");
    }

    [Fact]
    public async Task GitHubAuth_NamesTheTokenSource_NeverTheToken()
    {
        var ct = ServerBed.Ct;
        await using var bed = await ServerBed.StartAsync();
        await EnsureAsync(await bed.Client.PostAsJsonAsync("api/secrets/github.token", new { value = "ghp_not-shown-anywhere" }, ct));

        using var response = await bed.Client.GetAsync("api/github/auth", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        using var missing = await bed.Client.GetAsync("api/github/auth?workspace=nope", ct);

        Assert.True(response.IsSuccessStatusCode, body);
        var auth = JsonDocument.Parse(body).RootElement;
        Assert.Equal("github.com", auth.GetProperty("host").GetString());
        Assert.Equal("secret github.token", auth.GetProperty("source").GetString());
        Assert.DoesNotContain("ghp_not-shown-anywhere", body);
        await AssertProblemAsync(missing, HttpStatusCode.NotFound, "notFound", "nope");
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        using (response)
        {
            await ServerBed.EnsureAsync(response);
        }
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string kind, string text)
    {
        var body = await response.Content.ReadAsStringAsync(ServerBed.Ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(kind, problem.GetProperty("errorKind").GetString());
        Assert.Contains(text, problem.GetProperty("detail").GetString());
    }
}
