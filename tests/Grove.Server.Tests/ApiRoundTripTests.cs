using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grove.Core.Changes;
using Grove.Server.Tests.TestServices;
using Grove.Testing;

namespace Grove.Server.Tests;

public sealed class ApiRoundTripTests
{
    [Fact]
    public async Task Diff_WithMax_ReturnsTheStartOfAHugeDiff_AndSaysItWasCut()
    {
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create();
        var ws = await bed.CreateWorkspaceAsync(repo, "huge");
        var worktree = (await bed.GetJsonAsync<JsonElement>($"api/workspaces/{ws}")).GetProperty("worktreePath").GetString()!;
        File.WriteAllText(Path.Combine(worktree, "big.txt"), string.Concat(Enumerable.Range(1, 100_000).Select(i => $"line {i:D8}\n")));

        using var response = await bed.Client.GetAsync($"api/workspaces/{ws}/changes/diff?path=big.txt&max=65536", ServerBed.Ct);
        var text = await response.Content.ReadAsStringAsync(ServerBed.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("X-Grove-Diff-Truncated")));
        Assert.True(long.Parse(Assert.Single(response.Headers.GetValues("X-Grove-Diff-Length"))) > 1_000_000);
        Assert.InRange(text.Length, 1, 65536);
        Assert.Contains("+line 00000001", text, StringComparison.Ordinal);

        // Without ?max the API still reads only the start (4 M characters), never the whole diff.
        File.WriteAllText(Path.Combine(worktree, "big.txt"), string.Concat(Enumerable.Range(1, 400_000).Select(i => $"changed line {i:D8}\n")));
        using var whole = await bed.Client.GetAsync($"api/workspaces/{ws}/changes/diff?path=big.txt", ServerBed.Ct);
        var start = await whole.Content.ReadAsStringAsync(ServerBed.Ct);
        Assert.Equal("true", Assert.Single(whole.Headers.GetValues("X-Grove-Diff-Truncated")));
        Assert.InRange(start.Length, 1, DiffPreview.LargeMaxChars);
    }

    [Fact]
    public async Task Project_Workspace_Change_Diff_Commit_Push()
    {
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create(withRemote: true);
        var ws = await bed.CreateWorkspaceAsync(repo, "feature");
        var workspace = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{ws}");
        var worktree = workspace.GetProperty("worktreePath").GetString()!;
        File.WriteAllText(Path.Combine(worktree, "notes.txt"), "first line\n");

        var status = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{ws}/changes");
        Assert.Contains(status.GetProperty("files").EnumerateArray(), f => f.GetProperty("path").GetString() == "notes.txt");
        var stats = await bed.GetJsonAsync<JsonElement>("api/workspaces?stats=true");
        Assert.Equal(1, Assert.Single(stats.EnumerateArray()).GetProperty("changedFiles").GetInt32());

        await bed.PostJsonAsync($"api/workspaces/{ws}/changes/stage", new { paths = new[] { "notes.txt" } });
        var diff = await bed.Client.GetStringAsync($"api/workspaces/{ws}/changes/diff?path=notes.txt", ServerBed.Ct);
        Assert.Contains("+first line", diff);
        var summary = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{ws}/changes/summary");
        Assert.Contains(summary.GetProperty("files").EnumerateArray(), f => f.GetProperty("path").GetString() == "notes.txt" && f.GetProperty("added").GetInt32() == 1);

        var commit = await bed.PostJsonAsync($"api/workspaces/{ws}/changes/commit", new { message = "Add notes" });
        var sha = commit.GetProperty("sha").GetString()!;
        var history = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{ws}/changes/history?limit=5");
        Assert.Equal("Add notes", history[0].GetProperty("subject").GetString());
        Assert.Empty((await bed.GetJsonAsync<JsonElement>($"api/workspaces/{ws}/changes")).GetProperty("files").EnumerateArray());

        await bed.PostJsonAsync($"api/workspaces/{ws}/changes/push", null);
        Assert.Equal(sha, TestGit.Run(repo.RemotePath!, "rev-parse", "refs/heads/feature").Trim());
    }

    [Fact]
    public async Task Workspace_ArchiveRestoreDelete()
    {
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create();
        var ws = await bed.CreateWorkspaceAsync(repo, "tmp");

        var archived = await bed.PostJsonAsync($"api/workspaces/{ws}/archive", new { removeWorktree = true });
        Assert.NotEqual(JsonValueKind.Null, archived.GetProperty("archivedAt").ValueKind);
        Assert.Empty(await bed.GetJsonAsync<List<JsonElement>>("api/workspaces"));
        Assert.Single(await bed.GetJsonAsync<List<JsonElement>>("api/workspaces?archived=true"));

        var restored = await bed.PostJsonAsync($"api/workspaces/{ws}/restore", null);
        Assert.Equal(JsonValueKind.Null, restored.GetProperty("archivedAt").ValueKind);
        Assert.True(Directory.Exists(restored.GetProperty("worktreePath").GetString()));

        using var deleted = await bed.Client.DeleteAsync($"api/workspaces/{ws}", ServerBed.Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await bed.Client.GetAsync($"api/workspaces/{ws}", ServerBed.Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task ProjectsClone_ClonesAndAdds_AndRefusesOtherTransports()
    {
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create(withRemote: true);
        var target = Path.Combine(repo.Scratch("clones"), "copy");

        using var cloned = await bed.Client.PostAsJsonAsync("api/projects/clone", new { source = repo.RemotePath, path = target, name = "copy" }, ServerBed.Ct);
        var project = await cloned.Content.ReadFromJsonAsync<JsonElement>(ServerBed.Ct);
        using var refused = await bed.Client.PostAsJsonAsync("api/projects/clone", new { source = "ext::sh -c touch% /tmp/x", path = target + "2" }, ServerBed.Ct);
        var refusedBody = await refused.Content.ReadFromJsonAsync<JsonElement>(ServerBed.Ct);

        Assert.Equal(HttpStatusCode.Created, cloned.StatusCode);
        Assert.Equal("copy", project.GetProperty("name").GetString());
        Assert.Equal("main", project.GetProperty("defaultBranch").GetString());
        Assert.True(File.Exists(Path.Combine(target, "README.md")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalidInput", refusedBody.GetProperty("errorKind").GetString());
        Assert.False(Directory.Exists(target + "2"));
    }

    [Fact]
    public async Task ProjectSlashName_References_WorkOnEveryWorkspaceRoute()
    {
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create();
        await bed.CreateWorkspaceAsync(repo, "tmp");
        var project = (await bed.GetJsonAsync<List<JsonElement>>("api/projects"))[0].GetProperty("name").GetString();
        var reference = Uri.EscapeDataString($"{project}/tmp");

        var archived = await bed.PostJsonAsync($"api/workspaces/{reference}/archive", new { removeWorktree = false });
        var restored = await bed.PostJsonAsync($"api/workspaces/{reference}/restore", null);
        var status = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{reference}/changes");

        Assert.Equal("tmp", archived.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, restored.GetProperty("archivedAt").ValueKind);
        Assert.Equal(JsonValueKind.Object, status.ValueKind);
    }

    [Fact]
    public async Task Errors_AreProblemDetails_WithTheMappedStatus()
    {
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create();

        using var missing = await bed.Client.GetAsync("api/projects/nope", ServerBed.Ct);
        var missingBody = await missing.Content.ReadFromJsonAsync<JsonElement>(ServerBed.Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal("notFound", missingBody.GetProperty("errorKind").GetString());
        Assert.Equal(404, missingBody.GetProperty("status").GetInt32());

        await bed.PostJsonAsync("api/projects", new { path = repo.Path });
        using var again = await bed.Client.PostAsJsonAsync("api/projects", new { path = repo.Path }, ServerBed.Ct);
        var againBody = await again.Content.ReadFromJsonAsync<JsonElement>(ServerBed.Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("alreadyExists", againBody.GetProperty("errorKind").GetString());

        using var invalid = await bed.Client.PutAsJsonAsync("api/settings/no.such.key", new { value = "x" }, ServerBed.Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("invalidInput", (await invalid.Content.ReadFromJsonAsync<JsonElement>(ServerBed.Ct)).GetProperty("errorKind").GetString());
    }

    [Fact]
    public async Task Settings_RoundTrip_AndSecretsAreNeverReturned()
    {
        await using var bed = await ServerBed.StartAsync();
        const string secret = "sk-ant-very-secret-value";

        using var set = await bed.Client.PutAsJsonAsync("api/settings/ollama.model", new { value = "qwen3" }, ServerBed.Ct);
        await ServerBed.EnsureAsync(set);
        var settings = await bed.Client.GetStringAsync("api/settings", ServerBed.Ct);
        Assert.Contains("\"qwen3\"", settings);

        await bed.PostJsonAsync("api/secrets/anthropic.api_key", new { value = secret });
        var secrets = await bed.GetJsonAsync<List<JsonElement>>("api/secrets");
        var key = Assert.Single(secrets, s => s.GetProperty("name").GetString() == "anthropic.api_key");
        Assert.True(key.GetProperty("isSet").GetBoolean());
        Assert.DoesNotContain(secret, await bed.Client.GetStringAsync("api/secrets", ServerBed.Ct));
        Assert.DoesNotContain(secret, await bed.Client.GetStringAsync("api/settings", ServerBed.Ct));
        Assert.DoesNotContain(bed.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tabs_CreateRenameChangeModeDelete()
    {
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create();
        var ws = await bed.CreateWorkspaceAsync(repo);

        var tab = await bed.PostJsonAsync($"api/workspaces/{ws}/tabs", new { name = "first", mode = "plan" });
        var id = tab.GetProperty("id").GetString()!;
        Assert.Equal("plan", tab.GetProperty("mode").GetString());
        using var patch = await bed.Client.PatchAsJsonAsync($"api/tabs/{id}", new { name = "renamed", mode = "agent", permissionMode = "acceptEdits" }, ServerBed.Json, ServerBed.Ct);
        await ServerBed.EnsureAsync(patch);

        var view = await bed.GetJsonAsync<JsonElement>($"api/tabs/{id}");
        Assert.Equal("renamed", view.GetProperty("tab").GetProperty("name").GetString());
        Assert.Equal("acceptEdits", view.GetProperty("tab").GetProperty("permissionMode").GetString());
        Assert.False(view.GetProperty("busy").GetBoolean());
        Assert.Single(await bed.GetJsonAsync<List<JsonElement>>($"api/workspaces/{ws}/tabs"));
        Assert.Empty(await bed.GetJsonAsync<List<JsonElement>>($"api/tabs/{id}/events"));

        using var deleted = await bed.Client.DeleteAsync($"api/tabs/{id}", ServerBed.Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await bed.GetJsonAsync<List<JsonElement>>($"api/workspaces/{ws}/tabs"));
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheApi_AndDoctorAnswers()
    {
        await using var bed = await ServerBed.StartAsync();

        var document = await bed.GetJsonAsync<JsonElement>("openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/projects", out _));
        Assert.True(paths.TryGetProperty("/api/tabs/{tab}/messages", out _));
        Assert.True(paths.TryGetProperty("/api/approvals/{requestId}", out _));

        var doctor = await bed.GetJsonAsync<JsonElement>("api/doctor");
        Assert.Equal(0, doctor.GetProperty("projectsChecked").GetInt32());
        using var search = await bed.Client.GetAsync("api/search?q=", ServerBed.Ct);
        Assert.Equal(HttpStatusCode.BadRequest, search.StatusCode);
    }
}
