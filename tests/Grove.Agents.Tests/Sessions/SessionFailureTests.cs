using Grove.Agents.ClaudeCode;
using Grove.Agents.Tests.TestServices;
using Grove.Core.Agents;
using Grove.Core.Errors;
using Grove.Testing;

namespace Grove.Agents.Tests.Sessions;

public sealed class SessionFailureTests
{
    [Fact]
    public async Task Process_exiting_mid_turn_yields_process_exited_with_code_and_stderr_tail_then_the_stream_ends()
    {
        var script = new FakeAgentScript().WaitUser().Print(Fixtures.Init, Fixtures.AssistantText)
            .Stderr("warming up").Stderr("fatal: the fake agent crashed").Exit(3);
        await using var fake = await FakeSession.StartAsync(script);

        await fake.Session.SendUserMessageAsync("go", cancellationToken: FakeSession.Token);
        var error = await fake.WaitForAsync<ErrorEvent>();
        var rest = await fake.DrainAsync();

        Assert.Equal(AgentErrorKind.ProcessExited, error.ErrorKind);
        Assert.Equal(3, error.ExitCode);
        Assert.Equal("warming up\nfatal: the fake agent crashed", error.StderrTail);
        Assert.Contains("code 3", error.Message);
        Assert.Contains("fatal: the fake agent crashed", error.Message);
        Assert.Empty(rest);
        Assert.Equal(["user", "system", "init", "text", "error"], fake.Seen.Select(e => e.Kind));
        await fake.Session.Completion.WaitAsync(FakeSession.Token);
        Assert.Equal(3, fake.Session.ExitCode);
    }

    [Fact]
    public async Task Exit_is_reported_even_when_a_grandchild_keeps_stdout_open()
    {
        await using var fake = await FakeSession.StartAsync(new FakeAgentScript().Orphan().Exit(5));
        var orphan = (await fake.WaitForFakeAsync("fake_orphan")).Raw.GetProperty("payload").GetInt32();
        try
        {
            var error = await fake.WaitForAsync<ErrorEvent>();
            await fake.DrainAsync();

            Assert.Equal((AgentErrorKind.ProcessExited, 5), (error.ErrorKind, error.ExitCode));
            Assert.True(fake.Session.Completion.IsCompleted);
        }
        finally
        {
            System.Diagnostics.Process.GetProcessById(orphan).Kill();
        }
    }

    [Fact]
    public async Task Known_failure_on_stderr_is_classified()
    {
        var script = new FakeAgentScript().Stderr("No conversation found with session ID: 0000-dead").Exit(1);
        await using var fake = await FakeSession.StartAsync(script, adjust: o => o with { ResumeSessionId = "0000-dead" });

        var error = await fake.WaitForAsync<ErrorEvent>();

        Assert.Equal(AgentErrorKind.SessionNotFound, error.ErrorKind);
        Assert.Equal(1, error.ExitCode);
    }

    [Fact]
    public async Task Error_already_reported_by_the_turn_is_not_repeated_when_the_process_exits()
    {
        const string NotFound = """{"type":"result","subtype":"error_during_execution","is_error":true,"session_id":"dead","num_turns":0,"errors":["No conversation found with session ID: dead"],"permission_denials":[]}""";
        var script = new FakeAgentScript().WaitUser().Print(NotFound).Stderr("No conversation found with session ID: dead").Exit(1);
        await using var fake = await FakeSession.StartAsync(script);

        await fake.Session.SendUserMessageAsync("hi", cancellationToken: FakeSession.Token);
        await fake.DrainAsync();

        var errors = fake.Seen.OfType<ErrorEvent>().ToList();
        Assert.Equal([AgentErrorKind.SessionNotFound, AgentErrorKind.ProcessExited], errors.Select(e => e.ErrorKind));
        Assert.Equal(1, errors[1].ExitCode);
        Assert.Contains("No conversation found", errors[1].StderrTail);
    }

    [Fact]
    public async Task Secrets_in_stderr_are_masked()
    {
        var script = new FakeAgentScript().Stderr("request with key sk-ant-api03-abcdefghijklmnop failed").Exit(1);
        await using var fake = await FakeSession.StartAsync(script);

        var error = await fake.WaitForAsync<ErrorEvent>();

        Assert.DoesNotContain("abcdefghijklmnop", error.StderrTail);
        Assert.DoesNotContain("abcdefghijklmnop", fake.Session.StderrTail);
    }

    [Fact]
    public async Task Malformed_huge_and_invalid_utf8_lines_become_errors_and_the_session_continues()
    {
        var script = new FakeAgentScript()
            .Print("this is not json")
            .Huge(12 * 1024 * 1024)
            .PrintBytes([0xFF, 0xFE, 0x7B, 0xC3, 0x28])
            .Print("")
            .Print(Fixtures.Init)
            .WaitUser()
            .Print(Fixtures.ResultSuccess);
        await using var fake = await FakeSession.StartAsync(script);

        await fake.WaitForAsync<InitEvent>();
        await fake.Session.SendUserMessageAsync("still there?", cancellationToken: FakeSession.Token);
        await fake.WaitForAsync<ResultEvent>();

        var errors = fake.Seen.OfType<ErrorEvent>().ToList();
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.Equal(AgentErrorKind.MalformedOutput, e.ErrorKind));
        Assert.Contains("12,582,912", errors[1].Message);
        Assert.False(fake.Session.HasExited);
    }

    [Theory]
    [InlineData("""{"type":"result"}""")]
    [InlineData("""{"type":"result","session_id":"s1","result":"done"}""")]
    [InlineData("""{"type":"result","subtype":"success","session_id":"s1"}""")]
    [InlineData("""{"type":"result","is_error":false,"session_id":"s1"}""")]
    public async Task Result_line_without_its_fields_ends_the_turn_as_an_error(string line)
    {
        var script = new FakeAgentScript().WaitUser().Print(Fixtures.Init, line).WaitEof();
        await using var fake = await FakeSession.StartAsync(script);

        await fake.Session.SendUserMessageAsync("go", cancellationToken: FakeSession.Token);
        var result = await fake.WaitForAsync<ResultEvent>();

        Assert.True(result.IsError);
        var error = Assert.Single(fake.Seen.OfType<ErrorEvent>());
        Assert.Equal(AgentErrorKind.MalformedOutput, error.ErrorKind);
        Assert.Contains("result line", error.Message);
        Assert.Equal(["user", "system", "init", "error", "result"], fake.Seen.Select(e => e.Kind));
    }

    [Fact]
    public async Task Complete_success_result_is_not_an_error()
    {
        var script = new FakeAgentScript().WaitUser().Print(Fixtures.Init, Fixtures.ResultSuccess).WaitEof();
        await using var fake = await FakeSession.StartAsync(script);

        await fake.Session.SendUserMessageAsync("go", cancellationToken: FakeSession.Token);
        var result = await fake.WaitForAsync<ResultEvent>();

        Assert.False(result.IsError);
        Assert.Empty(fake.Seen.OfType<ErrorEvent>());
    }

    [Fact]
    public async Task Writing_after_the_process_ended_is_a_clear_error()
    {
        await using var fake = await FakeSession.StartAsync(new FakeAgentScript().Exit(0));
        await fake.DrainAsync();

        var error = await Assert.ThrowsAsync<GroveException>(() => fake.Session.SendUserMessageAsync("hello?", cancellationToken: FakeSession.Token));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("not running", error.Message);
    }

    [Fact]
    public async Task Missing_executable_is_executable_missing_with_the_fix()
    {
        using var temp = new TempDirectory("grove-missing");
        var driver = new ClaudeCodeDriver(new ClaudeLocator(new ClaudeCodeOptions(), AgentHostEnvironment.FromProcess()), new ClaudeCodeOptions(), AgentHostEnvironment.FromProcess());

        var error = await Assert.ThrowsAsync<AgentException>(() => driver.StartAsync(
            new AgentStartOptions { WorkingDirectory = temp.Path, ExecutablePath = temp.Combine("no-such-claude") }, FakeSession.Token));

        Assert.Equal(AgentErrorKind.ExecutableMissing, error.AgentErrorKind);
        Assert.Contains("no-such-claude", error.Message);
        Assert.Contains("grove setup claude", error.Message);
    }

    [Fact]
    public async Task Missing_worktree_is_not_found()
    {
        var driver = new ClaudeCodeDriver(new ClaudeLocator(new ClaudeCodeOptions(), AgentHostEnvironment.FromProcess()), new ClaudeCodeOptions(), AgentHostEnvironment.FromProcess());

        var error = await Assert.ThrowsAsync<GroveException>(() => driver.StartAsync(
            new AgentStartOptions { WorkingDirectory = "/no/such/worktree", ExecutablePath = FakeSession.FakeAgentPath }, FakeSession.Token));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }
}
