using Grove.Services.Doctor;
using Grove.Testing;

namespace Grove.Services.Tests;

public sealed class DoctorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Doctor_OnAHealthyInstall_FindsNothing()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "fine" }, cancellationToken: Ct);

        var report = await app.Doctor.CheckAsync(fix: false, Ct);

        Assert.Empty(report.Issues);
        Assert.True(report.Healthy);
        Assert.Equal(1, report.WorkspacesChecked);
    }

    [Fact]
    public async Task Doctor_FindsAWorktreeDeletedBehindGrovesBack_ReportsOnly_ThenFixes()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var ws = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "victim" }, cancellationToken: Ct)).Workspace;
        Directory.Delete(ws.WorktreePath, recursive: true);

        var report = await app.Doctor.CheckAsync(fix: false, Ct);

        Assert.Contains(report.Issues, i => i.Kind == DoctorIssueKind.MissingWorktree && i.Workspace == "victim" && !i.Fixed);
        Assert.Contains(report.Issues, i => i.Kind == DoctorIssueKind.StaleRegistration && !i.Fixed);
        Assert.False(report.Healthy);
        Assert.Contains("prunable", repo.Git("worktree", "list", "--porcelain"));
        Assert.False((await app.Workspaces.ResolveAsync("victim", Ct)).IsArchived);

        var fixedReport = await app.Doctor.CheckAsync(fix: true, Ct);

        Assert.All(fixedReport.Issues, i => Assert.True(i.Fixed));
        Assert.DoesNotContain("prunable", repo.Git("worktree", "list", "--porcelain"));
        Assert.True((await app.Workspaces.ResolveAsync("victim", Ct)).IsArchived);
        Assert.Empty((await app.Doctor.CheckAsync(fix: false, Ct)).Issues);

        await app.Workspaces.RestoreAsync("victim", Ct);
        Assert.True(Directory.Exists(ws.WorktreePath));
    }

    [Fact]
    public async Task Doctor_FindsAWorktreeNobodyKnows_AndAdoptsItWithFix()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var stray = Path.Combine(repo.Scratch("elsewhere"), "stray");
        repo.Git("worktree", "add", "-q", "-b", "stray-branch", stray);

        var report = await app.Doctor.CheckAsync(fix: false, Ct);

        var issue = Assert.Single(report.Issues);
        Assert.Equal(DoctorIssueKind.UnknownWorktree, issue.Kind);
        Assert.Empty(await app.Workspaces.ListAsync(cancellationToken: Ct));

        await app.Doctor.CheckAsync(fix: true, Ct);

        var adopted = Assert.Single(await app.Workspaces.ListAsync(cancellationToken: Ct));
        Assert.Equal("stray", adopted.Name);
        Assert.Equal("stray-branch", adopted.Branch);
        Assert.Equal(stray, adopted.WorktreePath);
    }

    [Fact]
    public async Task Doctor_ReportsAMissingProjectFolder()
    {
        var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        repo.Dispose();

        var report = await app.Doctor.CheckAsync(fix: true, Ct);

        var issue = Assert.Single(report.Issues);
        Assert.Equal(DoctorIssueKind.ProjectFolderMissing, issue.Kind);
        Assert.False(issue.Fixed);
    }
}
