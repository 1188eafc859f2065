using System.Text.Json;
using Grove.Core.Agents;

namespace Grove.Agents.Tests.Events;

public sealed class AgentEventJsonTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    public static TheoryData<AgentEvent> AllKinds() =>
    [
        new InitEvent("sess-1")
        {
            Model = "opus", Cwd = "/w", Tools = ["Bash", "Write"], PermissionMode = "plan", CliVersion = "2.1.328",
            McpServers = [new AgentMcpServer("everything", "connected")],
        },
        new UserEvent("hello") { ImageCount = 2 },
        new UserEvent("[Request interrupted by user]") { FromAgent = true },
        new TextEvent("msg_1", "hi") { ParentToolUseId = "toolu_p" },
        new ThinkingEvent("msg_1", "hmm"),
        new ToolUseEvent("msg_1", "toolu_1", "Write", Json("""{"file_path":"/a","content":"x"}""")),
        new ToolResultEvent("toolu_1", "done") { IsError = true, ToolUseResult = Json("""{"stdout":"","interrupted":false}"""), Meta = Json("""{"id":"toolu_1"}""") },
        new DeltaEvent("msg_1", 2, DeltaKind.InputJson, "{\"a\":"),
        new PermissionRequestEvent("req-1", "Bash", Json("""{"command":"ls"}"""))
        {
            ToolUseId = "toolu_2", DisplayName = "Bash", Description = "List", Suggestions = Json("""[{"type":"addRules"}]"""),
            DecisionReason = "mode", BlockedPath = "/x", RequiresUserInteraction = true,
        },
        new PermissionDecisionEvent("req-1", false) { ToolUseId = "toolu_2", Message = "no", RuleSaved = false, Interrupt = true },
        new StatusEvent("requesting") { PermissionMode = "acceptEdits" },
        new RetryEvent(3, 10) { DelayMs = 1200, ErrorStatus = 529, Error = "overloaded" },
        new ResultEvent("sess-1", true)
        {
            ResultText = "done", Subtype = "success", TerminalReason = "api_error", CostUsd = 0.0421m, InputTokens = 10,
            OutputTokens = 20, DurationMs = 3000, NumTurns = 2, DenialCount = 1,
        },
        new ErrorEvent(AgentErrorKind.ProcessExited, "exited") { Detail = "d", HttpStatus = 500, ExitCode = 3, StderrTail = "boom" },
        new SystemEvent("informational", Json("""{"type":"system","subtype":"informational","tag":"x"}""")),
    ];

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Round_trips_through_json(AgentEvent original)
    {
        var json = AgentEventJson.Serialize(original);
        var back = AgentEventJson.Deserialize(json);

        Assert.Equal(original.GetType(), back.GetType());
        Assert.Equal(json, AgentEventJson.Serialize(back));
        Assert.Equal(original.Kind, JsonDocument.Parse(json).RootElement.GetProperty("kind").GetString());
        Assert.Equal(original.Text, back.Text);
    }

    public static TheoryData<DeltaEvent> Deltas() =>
    [
        new DeltaEvent("msg_1", 0, DeltaKind.Text, "Hello, \"wörld\" <b>&</b> `x`\n\u0001 😀"),
        new DeltaEvent(null, 3, DeltaKind.Thinking, "") { ParentToolUseId = "toolu_p", Recovered = true },
        new DeltaEvent("msg_2", 1, DeltaKind.InputJson, "{\"a\":") { ParentToolUseId = "toolu_q" },
    ];

    [Theory]
    [MemberData(nameof(Deltas))]
    public void A_delta_written_directly_is_exactly_what_the_serializer_writes(DeltaEvent delta)
    {
        var bySerializer = JsonSerializer.Serialize<AgentEvent>(delta, AgentEventJson.Options);

        Assert.Equal(bySerializer, AgentEventJson.Serialize(delta));
        Assert.Equal(delta, AgentEventJson.Deserialize(AgentEventJson.Serialize(delta)));
    }

    [Fact]
    public void The_direct_delta_writer_knows_every_property_of_a_delta()
    {
        var written = new[] { "MessageId", "Index", "DeltaKind", "Delta", "ParentToolUseId", "Recovered" };
        var serialized = typeof(DeltaEvent).GetProperties()
            .Where(p => p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), true)
                .Cast<System.Text.Json.Serialization.JsonIgnoreAttribute>()
                .All(a => a.Condition != System.Text.Json.Serialization.JsonIgnoreCondition.Always))
            .Select(p => p.Name);

        Assert.Equal(written.Order(), serialized.Order());
    }

    [Fact]
    public void Every_event_type_has_a_round_trip_case()
    {
        var covered = AllKinds().Select(row => ((AgentEvent)row.Data).GetType()).ToHashSet();
        var all = typeof(AgentEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(AgentEvent)) && !t.IsAbstract);

        Assert.All(all, t => Assert.Contains(t, covered));
    }

    [Fact]
    public void Kinds_are_stable_lowercase_strings()
    {
        var kinds = AllKinds().Select(row => ((AgentEvent)row.Data).Kind).Distinct().Order().ToArray();

        Assert.Equal(
            ["delta", "error", "init", "permission_decision", "permission_request", "result", "retry", "status", "system", "text", "thinking", "tool_result", "tool_use", "user"],
            kinds);
    }

    [Fact]
    public void Json_uses_snake_case_and_string_enums()
    {
        var json = AgentEventJson.Serialize(new ErrorEvent(AgentErrorKind.InvalidApiKey, "bad key") { HttpStatus = 401 });

        Assert.Equal("""{"kind":"error","error_kind":"invalid_api_key","message":"bad key","http_status":401}""", json);
    }

    [Fact]
    public void Text_stays_readable_in_json()
    {
        var json = AgentEventJson.Serialize(new UserEvent("Run `ls` · don't \"quote\" ünïcode"));

        Assert.Contains("Run `ls` · don't \\\"quote\\\" ünïcode", json);
    }

    [Fact]
    public void Kind_may_come_after_other_properties()
    {
        var back = AgentEventJson.Deserialize("""{"message_id":"m","content":"hi","kind":"text"}""");

        Assert.Equal(new TextEvent("m", "hi"), back);
    }

    [Fact]
    public void Transcript_row_carries_kind_payload_and_text_and_only_deltas_are_transient()
    {
        var text = new TextEvent("msg_1", "hello");
        var at = new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero);

        var row = text.ToTranscriptEvent("tab-1", at);

        Assert.Equal(("tab-1", "text", "hello", at), (row.TabId, row.Kind, row.Text, row.CreatedAt));
        Assert.Equal(text, AgentEventJson.Deserialize(row.PayloadJson));
        Assert.True(new DeltaEvent("m", 0, DeltaKind.Text, "x").IsTransient);
        Assert.All(AllKinds().Select(r => (AgentEvent)r.Data).Where(e => e is not DeltaEvent), e => Assert.False(e.IsTransient));
    }

    [Fact]
    public void Unknown_kind_throws_json_exception()
    {
        Assert.ThrowsAny<JsonException>(() => AgentEventJson.Deserialize("""{"kind":"nope"}"""));
    }

    [Fact]
    public void Text_projection_is_searchable_text_or_null()
    {
        Assert.Equal("hi", new TextEvent("m", "hi").Text);
        Assert.Equal("Bash: List", new PermissionRequestEvent("r", "Bash", Json("{}")) { Description = "List" }.Text);
        Assert.Null(new DeltaEvent("m", 0, DeltaKind.Text, "x").Text);
        Assert.Null(new InitEvent("s").Text);
    }
}
