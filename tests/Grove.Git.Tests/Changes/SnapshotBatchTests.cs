using Grove.Core.Changes;
using Grove.Core.Errors;
using Grove.Git.Changes;
using Grove.Testing;

namespace Grove.Git.Tests.Changes;

public sealed class SnapshotBatchTests
{
    [Fact]
    public async Task Reads_many_workspaces_in_order_and_isolates_failures()
    {
        var token = TestContext.Current.CancellationToken;
        using var repo = TestRepository.Create();
        var services = new GitTestServices();
        var root = repo.Scratch("wt");
        var requests = new List<SnapshotRequest>();
        for (var i = 0; i < 6; i++)
        {
            var path = Path.Combine(root, $"ws{i}");
            await services.Worktrees.AddWithNewBranchAsync(repo.Path, path, $"grove/ws{i}", "main", token);
            File.WriteAllText(Path.Combine(path, "new.txt"), string.Concat(Enumerable.Repeat("x\n", i + 1)));
            requests.Add(new SnapshotRequest(path, "main"));
        }

        requests.Insert(3, new SnapshotRequest(Path.Combine(root, "missing"), "main"));

        var results = await services.Reader.GetSnapshotsAsync(requests, maxParallelism: 3, token);

        Assert.Equal(requests.Select(r => r.WorktreePath), results.Select(r => r.WorktreePath));
        Assert.Equal(ErrorKind.NotFound, results[3].Error!.Kind);
        var added = results.Where(r => r.Snapshot is not null).Select(r => r.Snapshot!.Diff.Added);
        Assert.Equal([1, 2, 3, 4, 5, 6], added);
        Assert.All(results.Where(r => r.Snapshot is not null), r => Assert.StartsWith("grove/ws", r.Snapshot!.Status.Branch.Head));
    }
}
