using System.Text.Json;
using Grove.Server.Tests.TestServices;
using Grove.Testing;

namespace Grove.Server.Tests;

/// <summary><c>GET /api/conflicts</c> on a real server and real worktrees.</summary>
public sealed class ConflictsApiTests
{
    [Fact]
    public async Task TwoWorkspacesEditingTheSameLine_AreReportedAsAConflict()
    {
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create();
        repo.Commit("shared", ("shared.txt", "one\ntwo\nthree\n"));
        var project = await bed.PostJsonAsync("api/projects", new { path = repo.Path });
        var projectId = project.GetProperty("id").GetString();
        foreach (var (name, line) in new[] { ("left", "ONE\ntwo\nthree\n"), ("right", "uno\ntwo\nthree\n") })
        {
            var created = await bed.PostJsonAsync("api/workspaces", new { project = projectId, name, noFetch = true });
            var worktree = created.GetProperty("result").GetProperty("workspace").GetProperty("worktreePath").GetString()!;
            File.WriteAllText(Path.Combine(worktree, "shared.txt"), line);
        }

        var reports = await bed.GetJsonAsync<JsonElement>($"api/conflicts?project={projectId}");
        var all = await bed.GetJsonAsync<JsonElement>("api/conflicts");

        var overlap = Assert.Single(Assert.Single(reports.EnumerateArray()).GetProperty("overlaps").EnumerateArray());
        Assert.True(overlap.GetProperty("conflicts").GetBoolean());
        Assert.Equal("shared.txt", Assert.Single(overlap.GetProperty("conflictedFiles").EnumerateArray()).GetString());
        Assert.Equal(1, Assert.Single(all.EnumerateArray()).GetProperty("conflictCount").GetInt32());
    }
}
