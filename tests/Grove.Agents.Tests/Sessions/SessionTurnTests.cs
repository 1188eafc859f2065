using System.Text.Json;
using Grove.Agents.Tests.TestServices;
using Grove.Core.Agents;

namespace Grove.Agents.Tests.Sessions;

public sealed class SessionTurnTests
{
    private static FakeAgentScript OneTurn() => new FakeAgentScript()
        .WaitUser()
        .Print(Fixtures.Init, Fixtures.StreamMessageStart, Fixtures.StreamTextDelta, Fixtures.AssistantText, Fixtures.AssistantToolUse, Fixtures.UserToolResult, Fixtures.ResultSuccess);

    [Fact]
    public async Task Events_arrive_in_order_starting_with_the_user_message()
    {
        await using var fake = await FakeSession.StartAsync(OneTurn());

        await fake.Session.SendUserMessageAsync("make hello.txt", cancellationToken: FakeSession.Token);
        await fake.WaitForAsync<ResultEvent>();

        Assert.Equal(
            ["user", "system", "init", "delta", "text", "tool_use", "tool_result", "result"],
            fake.Seen.Select(e => e.Kind));
        Assert.Equal("make hello.txt", Assert.IsType<UserEvent>(fake.Seen[0]).Content);
        Assert.False(((UserEvent)fake.Seen[0]).FromAgent);
        Assert.Equal(Fixtures.SessionId, fake.Session.SessionId);
    }

    [Fact]
    public async Task The_user_line_on_stdin_has_the_documented_shape_with_images()
    {
        await using var fake = await FakeSession.StartAsync(OneTurn());

        await fake.Session.SendUserMessageAsync("what is this?", [new AgentImage("image/png", new byte[] { 137, 80, 78, 71 })], FakeSession.Token);
        var echo = await fake.WaitForFakeAsync("fake_user");

        var content = echo.Raw.GetProperty("payload");
        Assert.Equal("image", content[0].GetProperty("type").GetString());
        Assert.Equal("iVBORw==", content[0].GetProperty("source").GetProperty("data").GetString());
        Assert.Equal("what is this?", content[1].GetProperty("text").GetString());
        Assert.Equal(1, Assert.IsType<UserEvent>(fake.Seen[0]).ImageCount);
    }

    [Fact]
    public async Task Stdin_stays_open_so_a_second_turn_runs_in_the_same_process()
    {
        var script = OneTurn().WaitUser().Print(Fixtures.Init, Fixtures.ResultWithDenials);
        await using var fake = await FakeSession.StartAsync(script);
        await fake.Session.SendUserMessageAsync("first", cancellationToken: FakeSession.Token);
        await fake.WaitForAsync<ResultEvent>();
        var pid = fake.Session.ProcessId;

        await fake.Session.SendUserMessageAsync("second", cancellationToken: FakeSession.Token);
        var second = await fake.WaitForAsync<ResultEvent>();

        Assert.Equal(1, second.DenialCount);
        Assert.Equal(pid, fake.Session.ProcessId);
        Assert.False(fake.Session.HasExited);
    }

    [Fact]
    public async Task Command_line_folder_and_filtered_environment_reach_the_process()
    {
        var parent = new Dictionary<string, string> { ["OPENAI_API_KEY"] = "sk-openai-test", ["GITHUB_TOKEN"] = "ghp_test", ["GROVE_TEST_PLAIN"] = "1" };
        await using var fake = await FakeSession.StartAsync(new FakeAgentScript().PrintArgs(), parentExtra: parent);

        var args = await fake.WaitForFakeAsync("fake_args");

        var argv = args.Raw.GetProperty("payload").EnumerateArray().Select(a => a.GetString()).ToList();
        var keys = args.Raw.GetProperty("env_keys").EnumerateArray().Select(k => k.GetString()).ToList();
        Assert.Equal(["--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--permission-prompt-tool", "stdio", "--include-partial-messages"], argv);
        Assert.Equal(fake.Worktree, args.Raw.GetProperty("cwd").GetString());
        Assert.Contains("FAKE_AGENT_SCRIPT", keys);
        Assert.Contains("PATH", keys);
        Assert.DoesNotContain("OPENAI_API_KEY", keys);
        Assert.DoesNotContain("GITHUB_TOKEN", keys);
        Assert.DoesNotContain("GROVE_TEST_PLAIN", keys);
    }

    [Fact]
    public async Task Set_permission_mode_waits_for_the_reply()
    {
        await using var fake = await FakeSession.StartAsync(new FakeAgentScript());

        await fake.Session.SetPermissionModeAsync("acceptEdits", FakeSession.Token);
        var status = await fake.WaitForAsync<StatusEvent>();

        Assert.Equal("acceptEdits", status.PermissionMode);
    }

    [Fact]
    public async Task Initialize_reports_version_models_and_account_without_a_turn()
    {
        await using var fake = await FakeSession.StartAsync(new FakeAgentScript());

        var info = await fake.Session.InitializeAsync(FakeSession.Token);

        Assert.Equal(("2.1.328", "default", "none", "firstParty"), (info.CliVersion, info.PermissionMode, info.TokenSource, info.ApiProvider));
        Assert.Equal(new AgentModel("opus", "Opus", "Opus 5.5"), Assert.Single(info.Models));
        Assert.Equal("idle", info.Raw.GetProperty("session_state").GetString());
    }

    [Theory]
    [InlineData("bypassPermissions")]
    [InlineData("dontAsk")]
    public async Task Permission_modes_that_skip_asking_are_refused(string mode)
    {
        await using var fake = await FakeSession.StartAsync(new FakeAgentScript());

        var error = await Assert.ThrowsAsync<Grove.Core.Errors.GroveException>(() => fake.Session.SetPermissionModeAsync(mode, FakeSession.Token));

        Assert.Equal(Grove.Core.Errors.ErrorKind.InvalidInput, error.Kind);
    }

    [Fact]
    public async Task Unhandled_cli_control_request_gets_an_error_reply()
    {
        await using var fake = await FakeSession.StartAsync(new FakeAgentScript().HostRequest("hook-7", "hook_callback"));

        var reply = (await fake.WaitForFakeAsync("fake_control_reply")).Raw.GetProperty("payload").GetProperty("response");

        Assert.Equal("error", reply.GetProperty("subtype").GetString());
        Assert.Equal("hook-7", reply.GetProperty("request_id").GetString());
        Assert.Equal("Unsupported control request subtype: hook_callback", reply.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Raw_stdout_lines_are_logged_when_a_path_is_given()
    {
        await using var fake = await FakeSession.StartAsync(new FakeAgentScript().Print(Fixtures.Init, Fixtures.ResultSuccess));

        await fake.WaitForAsync<ResultEvent>();
        await fake.Session.StopAsync(TimeSpan.FromSeconds(10), FakeSession.Token);

        var lines = File.ReadAllLines(fake.RawLogPath);
        Assert.Equal([Fixtures.Init, Fixtures.ResultSuccess], lines);
        Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
    }
}
