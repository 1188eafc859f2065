using System.Diagnostics;
using Grove.Core.Agents;
using Grove.Services.Agents;
using Grove.Services.Settings;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>Idle agents parked (setting agents.idle_minutes) and resumed transparently, with the real CLI.</summary>
public sealed class IdleParkingTests
{
    [Fact]
    public async Task AnIdleAgent_IsParked_AndTheNextMessageResumesTheSameSessionWithTheEarlierConversation()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = await AgentBed.StartAsync(configure: services => services.AddSingleton<TimeProvider>(time));
        await bed.App.App.Get<ISettingsService>().SetAsync(SettingKeys.AgentIdleMinutes, "3", AgentBed.Ct);
        bed.Api.Enqueue(FakeResponse.Text("First answer."), FakeResponse.Text("Second answer."));
        await bed.Runs.SendAsync(bed.Tab.Id, "Remember the word pineapple", AgentBed.Ct);
        var first = await bed.WaitForResultAsync();
        await bed.WaitForAsync(e => e.Kind == TabEventHub.StatusKind && e.PayloadJson.Contains("\"idle\"", StringComparison.Ordinal));
        var process = Process.GetProcessById(bed.Runs.ProcessIdOf(bed.Tab.Id)!.Value);

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.NotNull(bed.Runs.ProcessIdOf(bed.Tab.Id));
        time.Advance(TimeSpan.FromMinutes(1));
        await bed.WaitForAsync(e => e.Kind == TabEventHub.StatusKind && e.PayloadJson.Contains("\"parked\":true", StringComparison.Ordinal));

        await process.WaitForExitAsync(AgentBed.Ct);
        Assert.Null(bed.Runs.ProcessIdOf(bed.Tab.Id));
        var parked = await bed.ReloadTabAsync();
        Assert.True(parked.IsParked);
        Assert.Null(parked.LastError);

        await bed.Runs.SendAsync(bed.Tab.Id, "What was the word?", AgentBed.Ct);
        var second = await bed.WaitForResultAsync(2);

        Assert.False(second.IsError);
        Assert.Equal(first.SessionId, second.SessionId);
        var request = bed.Api.Requests[^1];
        Assert.Contains(request.TextsOf("user"), t => t.Contains("pineapple", StringComparison.Ordinal));
        Assert.Contains(request.TextsOf("assistant"), t => t.Contains("First answer.", StringComparison.Ordinal));
        Assert.Single(bed.Stored<SystemEvent>(), s => ResumedNotice.Is(s.Raw));
        Assert.Empty(bed.Stored<ErrorEvent>());
        Assert.False((await bed.ReloadTabAsync()).IsParked);
    }

    [Fact]
    public async Task ANewTurnBeforeTheIdleTime_RestartsTheClock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = await AgentBed.StartAsync(configure: services => services.AddSingleton<TimeProvider>(time));
        bed.Api.Enqueue(FakeResponse.Text("one"), FakeResponse.Text("two"));
        await bed.Runs.SendAsync(bed.Tab.Id, "first", AgentBed.Ct);
        await bed.WaitForResultAsync();
        await bed.WaitForAsync(e => e.Kind == TabEventHub.StatusKind && e.PayloadJson.Contains("\"idle\"", StringComparison.Ordinal));
        var pid = bed.Runs.ProcessIdOf(bed.Tab.Id);

        time.Advance(TimeSpan.FromMinutes(9));
        await bed.Runs.SendAsync(bed.Tab.Id, "second", AgentBed.Ct);
        await bed.WaitForResultAsync(2);
        await bed.WaitForAsync(e => e.Kind == TabEventHub.StatusKind && e.PayloadJson.Contains("\"idle\"", StringComparison.Ordinal), 2);
        time.Advance(TimeSpan.FromMinutes(9));

        Assert.Equal(pid, bed.Runs.ProcessIdOf(bed.Tab.Id));
        time.Advance(TimeSpan.FromMinutes(1));
        await bed.WaitForAsync(e => e.Kind == TabEventHub.StatusKind && e.PayloadJson.Contains("\"parked\":true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IdleMinutesZero_NeverParks()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = await AgentBed.StartAsync(configure: services => services.AddSingleton<TimeProvider>(time));
        await bed.App.App.Get<ISettingsService>().SetAsync(SettingKeys.AgentIdleMinutes, "0", AgentBed.Ct);
        bed.Api.Enqueue(FakeResponse.Text("one"), FakeResponse.Text("two"));
        await bed.Runs.SendAsync(bed.Tab.Id, "first", AgentBed.Ct);
        await bed.WaitForResultAsync();
        await bed.WaitForAsync(e => e.Kind == TabEventHub.StatusKind && e.PayloadJson.Contains("\"idle\"", StringComparison.Ordinal));
        var pid = bed.Runs.ProcessIdOf(bed.Tab.Id);

        time.Advance(TimeSpan.FromDays(2));
        await bed.Runs.SendAsync(bed.Tab.Id, "second", AgentBed.Ct);
        await bed.WaitForResultAsync(2);

        Assert.NotNull(pid);
        Assert.Equal(pid, bed.Runs.ProcessIdOf(bed.Tab.Id));
        Assert.False((await bed.ReloadTabAsync()).IsParked);
        Assert.DoesNotContain(bed.Stored<SystemEvent>(), s => ResumedNotice.Is(s.Raw));
    }

    [Fact]
    public void TheSetting_IsAWholeNumberOfMinutes()
    {
        Assert.Equal("15", SettingKeys.Validate(SettingKeys.AgentIdleMinutes, "15"));
        Assert.Throws<Core.Errors.GroveException>(() => SettingKeys.Validate(SettingKeys.AgentIdleMinutes, "-1"));
        Assert.Throws<Core.Errors.GroveException>(() => SettingKeys.Validate(SettingKeys.AgentIdleMinutes, "ten"));
    }
}
