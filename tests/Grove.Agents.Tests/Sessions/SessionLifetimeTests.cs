using Grove.Agents.Tests.TestServices;
using Grove.Core.Agents;

namespace Grove.Agents.Tests.Sessions;

public sealed class SessionLifetimeTests
{
    [Fact]
    public async Task Interrupt_ends_the_turn_and_the_process_stays_for_the_next_message()
    {
        var script = new FakeAgentScript().WaitUser().Print(Fixtures.Init).Hang().WaitUser().Print(Fixtures.Init, Fixtures.ResultSuccess);
        await using var fake = await FakeSession.StartAsync(script);
        await fake.Session.SendUserMessageAsync("long task", cancellationToken: FakeSession.Token);
        await fake.WaitForAsync<InitEvent>();

        await fake.Session.InterruptAsync(FakeSession.Token);

        var interrupted = await fake.WaitForAsync<ResultEvent>();
        Assert.Equal("aborted_streaming", interrupted.TerminalReason);
        Assert.Contains(fake.Seen, e => e is UserEvent { FromAgent: true, Content: "[Request interrupted by user]" });
        Assert.DoesNotContain(fake.Seen, e => e is ErrorEvent);
        Assert.False(fake.Session.HasExited);

        await fake.Session.SendUserMessageAsync("next", cancellationToken: FakeSession.Token);
        Assert.False((await fake.WaitForAsync<ResultEvent>()).IsError);
    }

    [Fact]
    public async Task Interrupt_with_no_turn_running_just_returns()
    {
        await using var fake = await FakeSession.StartAsync(new FakeAgentScript());

        await fake.Session.InterruptAsync(FakeSession.Token);

        Assert.False(fake.Session.HasExited);
    }

    [Fact]
    public async Task Agent_ignoring_an_interrupt_is_killed_and_reported()
    {
        var script = new FakeAgentScript().WaitUser().Print(Fixtures.Init).Hang(answer: false);
        await using var fake = await FakeSession.StartAsync(script, o =>
        {
            o.ControlTimeout = TimeSpan.FromMilliseconds(300);
            o.InterruptTimeout = TimeSpan.FromMilliseconds(600);
        });
        await fake.Session.SendUserMessageAsync("hang", cancellationToken: FakeSession.Token);
        await fake.WaitForAsync<InitEvent>();

        await fake.Session.InterruptAsync(FakeSession.Token);

        var error = await fake.WaitForAsync<ErrorEvent>();
        Assert.Equal(AgentErrorKind.ProcessExited, error.ErrorKind);
        Assert.Contains("interrupt", error.Message);
        Assert.Empty(await fake.DrainAsync());
        Assert.True(fake.Session.HasExited);
    }

    [Fact]
    public async Task Stop_closes_stdin_and_the_agent_exits_cleanly_without_an_error_event()
    {
        await using var fake = await FakeSession.StartAsync(new FakeAgentScript().Print(Fixtures.Init));
        await fake.WaitForAsync<InitEvent>();

        await fake.Session.StopAsync(TimeSpan.FromSeconds(20), FakeSession.Token);

        Assert.Empty(await fake.DrainAsync());
        Assert.Equal(0, fake.Session.ExitCode);
        Assert.True(fake.Session.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Stop_during_a_turn_interrupts_it_first()
    {
        var script = new FakeAgentScript().WaitUser().Print(Fixtures.Init).Hang();
        await using var fake = await FakeSession.StartAsync(script);
        await fake.Session.SendUserMessageAsync("long task", cancellationToken: FakeSession.Token);
        await fake.WaitForAsync<InitEvent>();

        await fake.Session.StopAsync(TimeSpan.FromSeconds(20), FakeSession.Token);

        var rest = await fake.DrainAsync();
        Assert.Equal("aborted_streaming", Assert.IsType<ResultEvent>(rest[^1]).TerminalReason);
        Assert.Equal(0, fake.Session.ExitCode);
    }

    [Fact]
    public async Task Stop_kills_an_agent_that_ignores_stdin_closing()
    {
        var script = new FakeAgentScript().Print(Fixtures.Init).Hang(answer: false);
        await using var fake = await FakeSession.StartAsync(script);
        await fake.WaitForAsync<InitEvent>();

        await fake.Session.StopAsync(TimeSpan.FromMilliseconds(300), FakeSession.Token);

        Assert.True(fake.Session.HasExited);
        Assert.NotEqual(0, fake.Session.ExitCode);
        Assert.DoesNotContain(await fake.DrainAsync(), e => e is ErrorEvent);
    }

    [Fact]
    public async Task Dispose_stops_a_running_agent()
    {
        var fake = await FakeSession.StartAsync(new FakeAgentScript().Print(Fixtures.Init));
        await fake.WaitForAsync<InitEvent>();
        var session = fake.Session;

        await fake.DisposeAsync();

        Assert.True(session.Completion.IsCompleted);
    }
}
