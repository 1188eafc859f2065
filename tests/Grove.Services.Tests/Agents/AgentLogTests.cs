using Grove.Core.Paths;
using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

public sealed class AgentLogTests
{
    [Fact]
    public void Clean_DeletesRawLogsOlderThanSevenDays_AndKeepsNewerOnes()
    {
        using var home = new TempDirectory();
        var paths = new GrovePaths(home.Path);
        var folder = AgentLogJanitor.Folder(paths);
        Directory.CreateDirectory(folder);
        var old = Path.Combine(folder, "tab_old.jsonl");
        var recent = Path.Combine(folder, "tab_new.jsonl");
        File.WriteAllText(old, "{}");
        File.WriteAllText(recent, "{}");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-8));
        File.SetLastWriteTimeUtc(recent, DateTime.UtcNow.AddDays(-6));

        var deleted = AgentLogJanitor.Clean(paths, TimeProvider.System);

        Assert.Equal(1, deleted);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
    }

    [Fact]
    public async Task RawLog_WhenEnabled_WritesEveryStdoutLineOfTheSession()
    {
        await using var bed = await AgentBed.StartAsync(rawLog: true);
        bed.Api.Enqueue(FakeResponse.Text("Logged."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Log this", AgentBed.Ct);
        await bed.WaitForResultAsync();
        await bed.Runs.StopAsync(bed.Tab.Id, AgentBed.Ct);

        var file = Assert.Single(Directory.EnumerateFiles(AgentLogJanitor.Folder(bed.App.Paths)));
        var text = await File.ReadAllTextAsync(file, AgentBed.Ct);
        Assert.Contains("\"type\":\"result\"", text);
        Assert.Contains("\"type\":\"system\"", text);
    }
}
