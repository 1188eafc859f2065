using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Tests.TestServices;

namespace Grove.Data.Tests;

public sealed class ProjectStoreTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Project Sample(string name = "grove", string path = "/src/grove") => new()
    {
        Id = Ids.NewProjectId(),
        Name = name,
        Path = path,
        IsGitRepo = true,
        GitRemoteUrl = "git@github.com:acme/grove.git",
        Provider = GitProvider.GitHub,
        Owner = "acme",
        Repo = "grove",
        DefaultBranch = "main",
        CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(7),
        UpdatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero),
    };

    [Fact]
    public async Task Added_project_round_trips_every_field()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var project = Sample();

        await db.Stores.Projects.AddAsync(project, Token);

        Assert.Equal(project, await db.Stores.Projects.GetAsync(project.Id, Token));
        Assert.Equal(project, await db.Stores.Projects.FindByPathAsync("/src/grove", Token));
        Assert.Equal(project, await db.Stores.Projects.FindByNameAsync("grove", Token));
    }

    [Fact]
    public async Task Enum_and_timestamp_columns_are_lowercase_text_and_utc_iso()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        await db.Stores.Projects.AddAsync(Sample(), Token);

        Assert.Equal("github", await db.ScalarAsync("SELECT provider FROM projects;", Token));
        Assert.Equal("2026-01-02T01:04:05.0000007Z", await db.ScalarAsync("SELECT created_at FROM projects;", Token));
    }

    [Fact]
    public async Task Non_git_project_keeps_nulls_and_gets_clock_timestamps()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var project = new Project { Id = Ids.NewProjectId(), Name = "notes", Path = "/home/me/notes" };

        await db.Stores.Projects.AddAsync(project, Token);
        var stored = await db.Stores.Projects.GetAsync(project.Id, Token);

        Assert.NotNull(stored);
        Assert.False(stored.IsGitRepo);
        Assert.Null(stored.Provider);
        Assert.Null(stored.GitRemoteUrl);
        Assert.Equal(db.Clock.GetUtcNow(), stored.CreatedAt);
        Assert.Equal(db.Clock.GetUtcNow(), stored.UpdatedAt);
    }

    [Fact]
    public async Task Missing_project_is_null()
    {
        await using var db = await TestDatabase.CreateAsync(Token);

        Assert.Null(await db.Stores.Projects.GetAsync("prj_missing", Token));
        Assert.Null(await db.Stores.Projects.FindByPathAsync("/nowhere", Token));
        Assert.Null(await db.Stores.Projects.FindByNameAsync("nothing", Token));
    }

    [Fact]
    public async Task List_returns_projects_by_name()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        await db.Stores.Projects.AddAsync(Sample("zeta", "/z"), Token);
        await db.Stores.Projects.AddAsync(Sample("alpha", "/a"), Token);

        var names = (await db.Stores.Projects.ListAsync(Token)).Select(p => p.Name);

        Assert.Equal(["alpha", "zeta"], names);
    }

    [Fact]
    public async Task Duplicate_path_is_AlreadyExists_naming_the_path()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        await db.Stores.Projects.AddAsync(Sample("one", "/src/same"), Token);

        var error = await Assert.ThrowsAsync<GroveException>(() => db.Stores.Projects.AddAsync(Sample("two", "/src/same"), Token));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("A project with path '/src/same' already exists.", error.Message);
    }

    [Fact]
    public async Task Duplicate_name_ignoring_case_is_AlreadyExists_naming_the_name()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        await db.Stores.Projects.AddAsync(Sample("Grove", "/one"), Token);

        var error = await Assert.ThrowsAsync<GroveException>(() => db.Stores.Projects.AddAsync(Sample("grove", "/two"), Token));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("A project named 'grove' already exists.", error.Message);
        Assert.Single(await db.Stores.Projects.ListAsync(Token));
    }

    [Fact]
    public async Task Update_changes_fields_and_stamps_UpdatedAt_when_left_default()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var project = Sample();
        await db.Stores.Projects.AddAsync(project, Token);
        db.Clock.Advance(TimeSpan.FromMinutes(5));

        await db.Stores.Projects.UpdateAsync(project with { DefaultBranch = "trunk", Provider = GitProvider.GitLab, UpdatedAt = default }, Token);
        var stored = await db.Stores.Projects.GetAsync(project.Id, Token);

        Assert.Equal("trunk", stored!.DefaultBranch);
        Assert.Equal(GitProvider.GitLab, stored.Provider);
        Assert.Equal(project.CreatedAt, stored.CreatedAt);
        Assert.Equal(db.Clock.GetUtcNow(), stored.UpdatedAt);
    }

    [Fact]
    public async Task Update_to_a_taken_path_is_AlreadyExists_and_missing_project_is_NotFound()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var first = Sample("one", "/one");
        await db.Stores.Projects.AddAsync(first, Token);
        await db.Stores.Projects.AddAsync(Sample("two", "/two"), Token);

        var taken = await Assert.ThrowsAsync<GroveException>(() => db.Stores.Projects.UpdateAsync(first with { Path = "/two" }, Token));
        var missing = await Assert.ThrowsAsync<GroveException>(() => db.Stores.Projects.UpdateAsync(first with { Id = "prj_gone" }, Token));

        Assert.Equal(ErrorKind.AlreadyExists, taken.Kind);
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
        Assert.Equal("/one", (await db.Stores.Projects.GetAsync(first.Id, Token))!.Path);
    }

    [Fact]
    public async Task Delete_reports_whether_a_project_was_removed()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var project = Sample();
        await db.Stores.Projects.AddAsync(project, Token);

        Assert.True(await db.Stores.Projects.DeleteAsync(project.Id, Token));
        Assert.False(await db.Stores.Projects.DeleteAsync(project.Id, Token));
        Assert.Null(await db.Stores.Projects.GetAsync(project.Id, Token));
    }
}
