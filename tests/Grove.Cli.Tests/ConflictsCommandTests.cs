using Grove.Testing;

namespace Grove.Cli.Tests;

/// <summary><c>grove conflicts</c> on real worktrees.</summary>
public sealed class ConflictsCommandTests
{
    [Fact]
    public async Task Conflicts_ListsAConflictAndACleanOverlap_AsTableAndJson()
    {
        using var repo = TestRepository.Create();
        repo.Commit("shared", ("shared.txt", string.Concat(Enumerable.Range(1, 20).Select(i => $"{i}\n"))));
        using var grove = new CliRunner();
        await grove.OkAsync("project", "add", repo.Path);
        var none = await grove.RunAsync("conflicts");
        foreach (var (name, line) in new[] { ("left", 0), ("right", 0), ("far", 19) })
        {
            await grove.OkAsync("ws", "new", "repo", "--name", name);
            var file = Path.Combine(grove.WorktreesRoot, "repo", name, "shared.txt");
            var lines = File.ReadAllLines(file);
            lines[line] = $"{name} was here";
            File.WriteAllLines(file, lines);
        }

        var table = await grove.RunAsync("conflicts", "--project", "repo");
        var json = await grove.JsonAsync("conflicts");

        Assert.Equal(0, none.ExitCode);
        Assert.Contains("No two active workspaces change the same files.", none.Output, StringComparison.Ordinal);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains(table.Output.Split('\n'), l => l.Contains("left ↔ right", StringComparison.Ordinal) && l.Contains("conflict", StringComparison.Ordinal) && l.Contains("shared.txt", StringComparison.Ordinal));
        Assert.Equal(2, table.Output.Split('\n').Count(l => l.Contains("overlap, merges cleanly", StringComparison.Ordinal)));
        var overlaps = Assert.Single(json.EnumerateArray()).GetProperty("overlaps").EnumerateArray().ToList();
        Assert.Equal(3, overlaps.Count);
        Assert.Single(overlaps, o => o.GetProperty("conflicts").GetBoolean());
    }
}
