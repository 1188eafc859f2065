using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grove.Cli;
using Grove.Server.Tests.TestServices;
using Grove.Testing;

namespace Grove.Server.Tests;

/// <summary><c>/api/workspaces/{ws}/comments</c> on the real server, and the comments reaching the real Claude Code CLI.</summary>
[Collection(AgentCollection.Name)]
public sealed class ReviewCommentsApiTests
{
    [Fact]
    public async Task AddListEditDelete_OverHttp_AndErrorsAreProblemDetails()
    {
        var ct = ServerBed.Ct;
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create();
        var workspace = await bed.CreateWorkspaceAsync(repo, "review");

        var one = await bed.PostJsonAsync($"api/workspaces/{workspace}/comments", new { path = "src/app.txt", line = 1, endLine = 2, body = "Merge these." });
        var old = await bed.PostJsonAsync($"api/workspaces/{workspace}/comments", new { path = "src/app.txt", line = 3, side = "old", quotedCode = "old line 3", body = "Why removed?" });
        var id = one.GetProperty("id").GetString()!;
        using var edited = await bed.Client.PatchAsJsonAsync($"api/workspaces/{workspace}/comments/{id}", new { body = "Merge these two." }, ct);
        using var deleted = await bed.Client.DeleteAsync($"api/workspaces/{workspace}/comments/{old.GetProperty("id").GetString()}", ct);
        var listed = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{workspace}/comments");
        using var outside = await bed.Client.PostAsJsonAsync($"api/workspaces/{workspace}/comments", new { path = "../outside.txt", line = 1, body = "x" }, ct);
        using var empty = await bed.Client.PostAsJsonAsync($"api/workspaces/{workspace}/comments", new { path = "src/app.txt", line = 1, body = "" }, ct);
        using var missing = await bed.Client.DeleteAsync($"api/workspaces/{workspace}/comments/rc_nope", ct);
        using var deletedToo = await bed.Client.DeleteAsync($"api/workspaces/{workspace}/comments/{id}", ct);
        using var none = await bed.Client.PostAsJsonAsync($"api/workspaces/{workspace}/comments/send", new { }, ct);

        Assert.Equal("line 1\nline 2", one.GetProperty("quotedCode").GetString());
        Assert.Equal("src/app.txt:1-2", one.GetProperty("location").GetString());
        Assert.Equal("old", old.GetProperty("side").GetString());
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var only = Assert.Single(listed.EnumerateArray());
        Assert.Equal("Merge these two.", only.GetProperty("body").GetString());
        Assert.False(only.GetProperty("outdated").GetBoolean());
        await AssertProblemAsync(outside, HttpStatusCode.Forbidden, "securityViolation");
        await AssertProblemAsync(empty, HttpStatusCode.BadRequest, "invalidInput");
        await AssertProblemAsync(missing, HttpStatusCode.NotFound, "notFound");
        await AssertProblemAsync(none, HttpStatusCode.BadRequest, "invalidInput");
    }

    [Fact]
    public async Task AMessageSentOverHttp_CarriesThePendingComments_AndGroveRunThroughTheServerFollowsItsTurn()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        using var repo = TestRepository.Create();
        var (workspace, worktree, tab) = await bed.CreateTabAsync(repo);
        File.WriteAllText(Path.Combine(worktree, "src", "app.txt"), "line 1\nline 2\nline 3 edited\n");
        await bed.PostJsonAsync($"api/workspaces/{workspace}/comments", new { path = "src/app.txt", line = 3, body = "Say why." });

        bed.AnnounceToCli();
        bed.Api!.Enqueue(FakeResponse.Text("Because."));
        var run = new InProcessCli(bed.Home);
        var exit = await run.RunAsync(ServerBed.Ct, "run", "agent", "Answer the review.", "--tab", "main");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("Because.", run.Out.Text);
        var sent = bed.Api.LastUserText;
        Assert.Contains("Review comments:\n\n`src/app.txt:3`\n```\nline 3 edited\n```\nSay why.\n\nAnswer the review.", sent);
        Assert.Empty((await bed.GetJsonAsync<JsonElement>($"api/workspaces/{workspace}/comments")).EnumerateArray());
        Assert.NotNull((await bed.GetJsonAsync<JsonElement>($"api/workspaces/{workspace}/comments?sent=true"))[0].GetProperty("sentAt").GetString());

        await bed.PostJsonAsync($"api/workspaces/{workspace}/comments", new { path = "README.md", line = 1, body = "Alone." });
        bed.Api.Enqueue(FakeResponse.Text("Got it."));
        var alone = await bed.PostJsonAsync($"api/workspaces/{workspace}/comments/send", new { tab = "main" });
        await bed.Api.WaitForRequestAsync(2, ServerBed.Ct);

        Assert.Equal(tab, alone.GetProperty("tabId").GetString());
        Assert.Equal(1, alone.GetProperty("count").GetInt32());
        Assert.EndsWith("`README.md:1`\n```\n# test repo\n```\nAlone.", bed.Api.LastUserText.Trim());
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string kind)
    {
        var body = await response.Content.ReadAsStringAsync(ServerBed.Ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(kind, JsonDocument.Parse(body).RootElement.GetProperty("errorKind").GetString());
    }
}
