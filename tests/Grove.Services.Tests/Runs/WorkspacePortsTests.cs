using System.Net;
using System.Net.Sockets;
using Grove.Core.Paths;
using Grove.Core.Workspaces;
using Grove.Services.Hosting;
using Grove.Services.Projects;
using Grove.Services.Settings;
using Grove.Services.Setup;
using Grove.Services.Workspaces;
using Grove.Testing;

namespace Grove.Services.Tests.Runs;

public sealed class WorkspacePortsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwentyWorkspaces_GetDistinctRanges_ThatStayTheSameAfterARestart()
    {
        using var repo = TestRepository.Create();
        using var home = new TempDirectory("grove-home");
        var before = new Dictionary<string, PortRange>();
        await using (var app = await GroveApp.StartAsync(new GrovePaths(home.Path), cancellationToken: Ct))
        {
            var project = await app.Get<IProjectService>().AddAsync(repo.Path, cancellationToken: Ct);
            for (var i = 0; i < 20; i++)
            {
                var ws = (await app.Get<IWorkspaceService>().CreateAsync(new() { Project = project.Name, Name = $"ws{i}", NoFetch = true }, cancellationToken: Ct)).Workspace;
                before[ws.Id] = await app.Get<IWorkspacePorts>().EnsureAsync(ws, Ct);
            }
        }

        var ranges = before.Values.OrderBy(r => r.First).ToList();
        Assert.All(ranges, r => Assert.Equal(IWorkspacePorts.RangeSize, r.Count));
        Assert.All(ranges, r => Assert.True(r.First >= 41000));
        Assert.All(ranges.Zip(ranges.Skip(1)), pair => Assert.True(pair.First.Last < pair.Second.First, $"{pair.First} overlaps {pair.Second}"));

        await using (var again = await GroveApp.StartAsync(new GrovePaths(home.Path), cancellationToken: Ct))
        {
            foreach (var ws in await again.Get<IWorkspaceService>().ListAsync(cancellationToken: Ct))
            {
                Assert.Equal(before[ws.Id], await again.Get<IWorkspacePorts>().EnsureAsync(ws, Ct));
            }
        }
    }

    [Fact]
    public async Task ARangeSomeoneListensIn_IsSkipped_AndArchiveGivesTheRangeBack()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var busy = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.PortsBase, (busy - 3).ToString(System.Globalization.CultureInfo.InvariantCulture), Ct);
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var ws = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "ports", NoFetch = true }, cancellationToken: Ct)).Workspace;
        var ports = app.App.Get<IWorkspacePorts>();

        var range = await ports.EnsureAsync(ws, Ct);

        Assert.False(range.Contains(busy));
        Assert.Equal(busy - 3 + IWorkspacePorts.RangeSize, range.First);
        await app.Workspaces.ArchiveAsync(ws.Id, cancellationToken: Ct);
        Assert.Null(await ports.GetAsync(ws.Id, Ct));
    }

    [Fact]
    public async Task SetupSeesTheWorkspacesPortsAndNames()
    {
        using var repo = TestRepository.Create();
        repo.Commit("setup", (".grove/worktree.json", """
            { "setup": "echo \"$GROVE_PORT $GROVE_PORT_RANGE $GROVE_WORKSPACE $COMPOSE_PROJECT_NAME\" > env.txt" }
            """));
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, name: "MyApp", cancellationToken: Ct);

        var ws = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "Feature_One", NoFetch = true }, cancellationToken: Ct)).Workspace;

        var range = await app.App.Get<IWorkspacePorts>().GetAsync(ws.Id, Ct);
        Assert.NotNull(range);
        Assert.Equal(
            $"{range.First} {range.First}-{range.First + 9} Feature_One myapp-feature_one",
            (await File.ReadAllTextAsync(Path.Combine(ws.WorktreePath, "env.txt"), Ct)).Trim());
    }

    [Theory]
    [InlineData("conductor.json", """{ "scripts": { "setup": "npm i", "run": "npm run dev", "archive": "docker compose down" } }""")]
    [InlineData(".superset/config.json", """{ "setup": ["npm i"], "run": ["npm run dev"], "teardown": ["docker compose down"] }""")]
    [InlineData(".emdash.json", """{ "preservePatterns": [".env"], "scripts": { "setup": "npm i", "run": "npm run dev", "teardown": "docker compose down" } }""")]
    [InlineData(".grove/worktree.json", """{ "setup": "npm i", "run": "npm run dev", "teardown": ["docker compose down"] }""")]
    public void PeersScriptFiles_MapToSetupRunAndTeardown(string file, string json)
    {
        var config = WorktreeSetupConfig.Parse(file, json);

        Assert.Equal("npm i", Assert.Single(config.Commands).ShellLine);
        Assert.Equal("npm run dev", Assert.Single(config.Run).ShellLine);
        Assert.Equal("docker compose down", Assert.Single(config.Teardown).ShellLine);
    }

    [Fact]
    public void GrovesOwnFileWins_OverAPeersFile()
    {
        using var folder = new TempDirectory("scripts");
        Directory.CreateDirectory(Path.Combine(folder.Path, ".grove"));
        File.WriteAllText(Path.Combine(folder.Path, ".grove", "worktree.json"), """{ "run": "grove run" }""");
        File.WriteAllText(Path.Combine(folder.Path, "conductor.json"), """{ "scripts": { "run": "conductor run" } }""");

        var config = WorktreeSetupConfig.Find(folder.Path);

        Assert.Equal("grove run", Assert.Single(config!.Run).ShellLine);
    }
}
