using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Services.Files;
using Grove.Testing;

namespace Grove.Services.Tests.Files;

/// <summary>@-mention search over a real worktree: what git lists, confined to the worktree, ranked fuzzily.</summary>
public sealed class WorkspaceFilesTests : IAsyncLifetime
{
    private readonly TestRepository _repo = TestRepository.Create(files: new Dictionary<string, string>
    {
        ["README.md"] = "# demo\n",
        [".gitignore"] = "secrets/\n*.log\n",
        ["src/Components/AppShell.razor"] = "<div/>\n",
        ["src/Components/Apple/Pie.cs"] = "class Pie {}\n",
        ["src/Services/Billing.cs"] = "class Billing {}\n",
        ["docs/app.md"] = "app\n",
    });

    private TestApp _app = null!;
    private Workspace _workspace = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IWorkspaceFiles Files => _app.App.Get<IWorkspaceFiles>();

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        var project = await _app.Projects.AddAsync(_repo.Path, cancellationToken: Ct);
        _workspace = (await _app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "files", NoFetch = true }, cancellationToken: Ct)).Workspace;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _repo.Dispose();
    }

    private void Write(string relative, string content = "x\n")
    {
        var full = Path.Combine(_workspace.WorktreePath, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    [Fact]
    public async Task List_HoldsTrackedAndUntrackedFiles_ButNotIgnoredOnes()
    {
        Write("notes/todo.txt");
        Write("secrets/key.txt");
        Write("build.log");

        var files = await Files.ListAsync(_workspace.Id, Ct);

        Assert.Contains("src/Services/Billing.cs", files);
        Assert.Contains("notes/todo.txt", files);
        Assert.DoesNotContain("secrets/key.txt", files);
        Assert.DoesNotContain("build.log", files);
        Assert.DoesNotContain(files, f => f.StartsWith(".git/", StringComparison.Ordinal) || f.Contains("..", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_RanksAWholeFileNameMatchFirst_AndReportsWhereItMatched()
    {
        var matches = await Files.SearchAsync(_workspace.Id, "appshell", cancellationToken: Ct);

        var best = matches[0];
        Assert.Equal("src/Components/AppShell.razor", best.Path);
        Assert.Equal("AppShell", string.Concat(best.Positions.Select(i => best.Path[i])));
    }

    [Fact]
    public async Task Search_MatchesAbbreviationsAcrossFolders_AndListsFolders()
    {
        var matches = await Files.SearchAsync(_workspace.Id, "srvbil", cancellationToken: Ct);
        var folders = await Files.SearchAsync(_workspace.Id, "compo", cancellationToken: Ct);

        Assert.Equal("src/Services/Billing.cs", matches[0].Path);
        Assert.Contains(folders, m => m.Path == "src/Components/" && m.IsFolder);
    }

    [Fact]
    public async Task Search_WithAnEmptyQuery_ListsTopLevelEntriesFirst()
    {
        var matches = await Files.SearchAsync(_workspace.Id, "", limit: 4, cancellationToken: Ct);

        Assert.Equal(4, matches.Count);
        Assert.All(matches, m => Assert.DoesNotContain('/', m.Path.TrimEnd('/')));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("src/../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("~/.ssh/id_rsa")]
    public async Task Search_RefusesQueriesThatLeaveTheWorktree(string query)
    {
        var error = await Assert.ThrowsAsync<SecurityViolationException>(() => Files.SearchAsync(_workspace.Id, query, cancellationToken: Ct));

        Assert.Contains("inside the workspace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALinkPointingOutsideTheWorktree_IsNeverOffered_ButALinkInsideIs()
    {
        var outside = Path.Combine(_repo.Scratch("elsewhere"), "secret.txt");
        File.WriteAllText(outside, "secret\n");
        File.CreateSymbolicLink(Path.Combine(_workspace.WorktreePath, "leak.txt"), outside);
        File.CreateSymbolicLink(Path.Combine(_workspace.WorktreePath, "readme-link.md"), Path.Combine(_workspace.WorktreePath, "README.md"));

        var files = await Files.ListAsync(_workspace.Id, Ct);
        var leak = await Files.SearchAsync(_workspace.Id, "leak", cancellationToken: Ct);

        Assert.DoesNotContain("leak.txt", files);
        Assert.Empty(leak);
        Assert.Contains("readme-link.md", files);
        Assert.All(files, f => Assert.StartsWith(_workspace.WorktreePath, Path.GetFullPath(Path.Combine(_workspace.WorktreePath, f)), StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheListIsCachedPerWorkspace_UntilInvalidated()
    {
        await Files.ListAsync(_workspace.Id, Ct);
        Write("fresh.txt");

        var cached = await Files.ListAsync(_workspace.Id, Ct);
        Files.Invalidate(_workspace.Id);
        var fresh = await Files.ListAsync(_workspace.Id, Ct);

        Assert.DoesNotContain("fresh.txt", cached);
        Assert.Contains("fresh.txt", fresh);
    }

    [Fact]
    public async Task AnUnknownWorkspace_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<GroveException>(() => Files.SearchAsync("nope", "app", cancellationToken: Ct));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }
}
