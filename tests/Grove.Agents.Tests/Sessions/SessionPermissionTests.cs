using System.Text.Json;
using Grove.Agents.Tests.TestServices;
using Grove.Core.Agents;
using Grove.Core.Errors;

namespace Grove.Agents.Tests.Sessions;

public sealed class SessionPermissionTests
{
    private const string WriteAsk = """{"tool_name":"Write","display_name":"Write","input":{"file_path":"/w/hello.txt","content":"hi\n"},"description":"hello.txt","tool_use_id":"toolu_01W","permission_suggestions":[{"type":"setMode","mode":"acceptEdits","destination":"session"}]}""";

    private const string BashAsk = """{"tool_name":"Bash","input":{"command":"touch x"},"tool_use_id":"toolu_01B","permission_suggestions":[{"type":"addRules","rules":[{"toolName":"Bash","ruleContent":"touch x"}],"behavior":"allow","destination":"localSettings"}]}""";

    private static async Task<(FakeSession Fake, PermissionRequestEvent Ask)> AskAsync(string requestId, string request)
    {
        var fake = await FakeSession.StartAsync(new FakeAgentScript().Ask(requestId, request).Print(Fixtures.ResultSuccess));
        var ask = await fake.WaitForAsync<PermissionRequestEvent>();
        return (fake, ask);
    }

    private static JsonElement Reply(SystemEvent echo)
    {
        Assert.True(echo.Raw.GetProperty("valid").GetBoolean(), echo.Raw.GetProperty("problem").ToString());
        return echo.Raw.GetProperty("payload").GetProperty("response").GetProperty("response");
    }

    [Fact]
    public async Task Allow_round_trip_sends_the_original_input_and_tool_use_id()
    {
        var (fake, ask) = await AskAsync("req-allow", WriteAsk);
        await using var owned = fake;
        Assert.Contains(ask, fake.Session.PendingPermissions);

        await fake.Session.RespondToPermissionAsync(ask.RequestId, PermissionDecision.AllowOnce(), FakeSession.Token);
        var reply = Reply(await fake.WaitForFakeAsync("fake_permission_reply"));

        Assert.Equal("allow", reply.GetProperty("behavior").GetString());
        Assert.Equal("toolu_01W", reply.GetProperty("toolUseID").GetString());
        Assert.Equal("/w/hello.txt", reply.GetProperty("updatedInput").GetProperty("file_path").GetString());
        Assert.False(reply.TryGetProperty("updatedPermissions", out _));
        var decision = Assert.Single(fake.Seen.OfType<PermissionDecisionEvent>());
        Assert.Equal(("req-allow", true, false), (decision.RequestId, decision.Allowed, decision.RuleSaved));
        Assert.Empty(fake.Session.PendingPermissions);
    }

    [Fact]
    public async Task Allow_with_edited_input_sends_the_edit()
    {
        var (fake, ask) = await AskAsync("req-edit", WriteAsk);
        await using var owned = fake;
        var edited = JsonDocument.Parse("""{"file_path":"/w/other.txt","content":"edited"}""").RootElement;

        await fake.Session.RespondToPermissionAsync(ask.RequestId, PermissionDecision.AllowOnce(edited), FakeSession.Token);
        var reply = Reply(await fake.WaitForFakeAsync("fake_permission_reply"));

        Assert.Equal("/w/other.txt", reply.GetProperty("updatedInput").GetProperty("file_path").GetString());
    }

    [Fact]
    public async Task Allow_always_saves_the_suggested_rules()
    {
        var (fake, ask) = await AskAsync("req-bash", BashAsk);
        await using var owned = fake;

        await fake.Session.RespondToPermissionAsync(ask.RequestId, PermissionDecision.AllowAlways(), FakeSession.Token);
        var reply = Reply(await fake.WaitForFakeAsync("fake_permission_reply"));

        var rule = reply.GetProperty("updatedPermissions")[0];
        Assert.Equal("addRules", rule.GetProperty("type").GetString());
        Assert.Equal("touch x", rule.GetProperty("rules")[0].GetProperty("ruleContent").GetString());
        Assert.True(Assert.Single(fake.Seen.OfType<PermissionDecisionEvent>()).RuleSaved);
    }

    [Fact]
    public async Task Deny_sends_the_message_and_interrupt_flag()
    {
        var (fake, ask) = await AskAsync("req-deny", WriteAsk);
        await using var owned = fake;

        await fake.Session.RespondToPermissionAsync(ask.RequestId, PermissionDecision.Deny("The test host says no.", interrupt: true), FakeSession.Token);
        var reply = Reply(await fake.WaitForFakeAsync("fake_permission_reply"));

        Assert.Equal("deny", reply.GetProperty("behavior").GetString());
        Assert.Equal("The test host says no.", reply.GetProperty("message").GetString());
        Assert.True(reply.GetProperty("interrupt").GetBoolean());
        Assert.Equal("toolu_01W", reply.GetProperty("toolUseID").GetString());
        var decision = Assert.Single(fake.Seen.OfType<PermissionDecisionEvent>());
        Assert.Equal((false, "The test host says no.", true), (decision.Allowed, decision.Message, decision.Interrupt));
    }

    [Fact]
    public async Task Decision_event_comes_before_what_the_agent_does_next()
    {
        var (fake, ask) = await AskAsync("req-order", WriteAsk);
        await using var owned = fake;

        await fake.Session.RespondToPermissionAsync(ask.RequestId, PermissionDecision.AllowOnce(), FakeSession.Token);
        await fake.WaitForAsync<ResultEvent>();

        Assert.Equal(["permission_request", "permission_decision", "system", "result"], fake.Seen.Select(e => e.Kind));
    }

    [Fact]
    public async Task Answering_twice_or_an_unknown_request_is_not_found()
    {
        var (fake, ask) = await AskAsync("req-twice", WriteAsk);
        await using var owned = fake;
        await fake.Session.RespondToPermissionAsync(ask.RequestId, PermissionDecision.AllowOnce(), FakeSession.Token);

        var twice = await Assert.ThrowsAsync<GroveException>(() => fake.Session.RespondToPermissionAsync(ask.RequestId, PermissionDecision.AllowOnce(), FakeSession.Token));
        var unknown = await Assert.ThrowsAsync<GroveException>(() => fake.Session.RespondToPermissionAsync("nope", PermissionDecision.Deny("x"), FakeSession.Token));

        Assert.Equal(ErrorKind.NotFound, twice.Kind);
        Assert.Equal(ErrorKind.NotFound, unknown.Kind);
    }

    [Fact]
    public async Task Withdrawn_ask_is_reported_and_no_longer_pending()
    {
        await using var fake = await FakeSession.StartAsync(new FakeAgentScript().Print(Fixtures.AskWrite, Fixtures.CancelRequest));
        var ask = await fake.WaitForAsync<PermissionRequestEvent>();

        var cancelled = await fake.WaitForAsync<SystemEvent>(e => e.Subtype == "permission_cancelled");

        Assert.Equal(ask.RequestId, cancelled.Raw.GetProperty("request_id").GetString());
        Assert.Empty(fake.Session.PendingPermissions);
        var error = await Assert.ThrowsAsync<GroveException>(() => fake.Session.RespondToPermissionAsync(ask.RequestId, PermissionDecision.AllowOnce(), FakeSession.Token));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Ask_after_a_finished_turn_still_reaches_grove()
    {
        var script = new FakeAgentScript().WaitUser().Print(Fixtures.Init, Fixtures.ResultSuccess).WaitUser().Ask("req-later", WriteAsk).Print(Fixtures.ResultSuccess);
        await using var fake = await FakeSession.StartAsync(script);
        await fake.Session.SendUserMessageAsync("one", cancellationToken: FakeSession.Token);
        await fake.WaitForAsync<ResultEvent>();

        await fake.Session.SendUserMessageAsync("two", cancellationToken: FakeSession.Token);
        var ask = await fake.WaitForAsync<PermissionRequestEvent>();
        await fake.Session.RespondToPermissionAsync(ask.RequestId, PermissionDecision.AllowOnce(), FakeSession.Token);

        Reply(await fake.WaitForFakeAsync("fake_permission_reply"));
    }
}
