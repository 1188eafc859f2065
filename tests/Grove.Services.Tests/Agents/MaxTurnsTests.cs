using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

public sealed class MaxTurnsTests
{
    [Fact]
    public async Task ATabsMaxTurns_StopsTheTurnAtTheCap_AsStoppedNotFailed()
    {
        await using var bed = await AgentBed.StartAsync();
        await bed.Tabs.UpdateAsync(bed.Tab.Id, t => t with { MaxTurns = 1 }, AgentBed.Ct);
        bed.Api.Enqueue(
            FakeResponse.ToolUse("Bash", new { command = "ls", description = "List files" }, "toolu_m1"),
            FakeResponse.Text("This step is past the cap."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Look around", AgentBed.Ct);
        var result = await bed.WaitForResultAsync();
        await bed.WaitForAsync(e => e.Kind == TabEventHub.StatusKind && e.PayloadJson.Contains("idle", StringComparison.Ordinal));

        Assert.True(result.HitMaxTurns);
        Assert.Equal(1, bed.Api.RequestCount);
        var tab = await bed.ReloadTabAsync();
        Assert.Equal(AgentTabStatus.Idle, tab.Status);
        Assert.Null(tab.LastError);
        Assert.DoesNotContain(bed.Stored<ErrorEvent>(), _ => true);
        var notice = Assert.Single(bed.Stored<SystemEvent>(), s => s.Subtype == MaxTurnsNotice.Subtype && s.Raw.TryGetProperty("max_turns", out _));
        Assert.StartsWith("Stopped after", notice.Raw.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(AgentTabs.MaxTurnsLimit + 1)]
    public async Task MaxTurns_OutOfRange_IsRefused(int value)
    {
        await using var bed = await AgentBed.StartAsync();

        var error = await Assert.ThrowsAsync<GroveException>(() => bed.Tabs.UpdateAsync(bed.Tab.Id, t => t with { MaxTurns = value }, AgentBed.Ct));

        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
        Assert.Null((await bed.ReloadTabAsync()).MaxTurns);
    }
}
