using System.Net;
using System.Text.Json;

namespace Grove.Testing.Tests;

/// <summary>The fake Messages API over plain HttpClient: framing, script, errors, recording.</summary>
public sealed class FakeAnthropicServerTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task TextResponse_IsAChunkedEventStream_InTheApiOrder()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(FakeResponse.Text("Hel", "lo").WithUsage(inputTokens: 21, outputTokens: 5));

        using var response = await Http.SendAsync(SseClient.Post(api, SseClient.RequestBody), HttpCompletionOption.ResponseHeadersRead, ct);
        var events = await SseClient.ReadAllAsync(response, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Equal(
            ["message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.Name));
        var message = events[0].Data.GetProperty("message");
        Assert.StartsWith("msg_", message.GetProperty("id").GetString());
        Assert.Equal("claude-test-model", message.GetProperty("model").GetString());
        Assert.Equal(21, message.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal("text", events[2].Data.GetProperty("content_block").GetProperty("type").GetString());
        Assert.Equal("Hello", string.Concat(events.Where(e => e.Name == "content_block_delta")
            .Select(e => e.Data.GetProperty("delta").GetProperty("text").GetString())));
        Assert.Equal("end_turn", events[6].Data.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(5, events[6].Data.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task SeveralBlocks_AreIndexed_AndToolInputStreamsInChunksThatReassemble()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(FakeResponse.Message(
            FakeContentBlock.Thinking("let me think", "sig-1"),
            FakeContentBlock.Text("Writing."),
            FakeContentBlock.ToolUse("Write", new { file_path = "/repo/a.txt", content = "é and 😀 survive chunking" }, "toolu_abc")));

        using var response = await Http.SendAsync(SseClient.Post(api), HttpCompletionOption.ResponseHeadersRead, ct);
        var events = await SseClient.ReadAllAsync(response, ct);

        var starts = events.Where(e => e.Name == "content_block_start").ToList();
        Assert.Equal([0, 1, 2], starts.Select(e => e.Data.GetProperty("index").GetInt32()));
        Assert.Equal(["thinking", "text", "tool_use"], starts.Select(e => e.Data.GetProperty("content_block").GetProperty("type").GetString()));
        var toolStart = starts[2].Data.GetProperty("content_block");
        Assert.Equal("toolu_abc", toolStart.GetProperty("id").GetString());
        Assert.Equal("Write", toolStart.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Object, toolStart.GetProperty("input").ValueKind);
        var jsonChunks = events.Where(e => e.Name == "content_block_delta" && e.Data.GetProperty("index").GetInt32() == 2)
            .Select(e => e.Data.GetProperty("delta"))
            .Select(d => (Type: d.GetProperty("type").GetString(), Json: d.GetProperty("partial_json").GetString()))
            .ToList();
        Assert.True(jsonChunks.Count > 1);
        Assert.All(jsonChunks, c => Assert.Equal("input_json_delta", c.Type));
        using var input = JsonDocument.Parse(string.Concat(jsonChunks.Select(c => c.Json)));
        Assert.Equal("é and 😀 survive chunking", input.RootElement.GetProperty("content").GetString());
        var thinkingDeltas = events.Where(e => e.Name == "content_block_delta" && e.Data.GetProperty("index").GetInt32() == 0)
            .Select(e => e.Data.GetProperty("delta").GetProperty("type").GetString());
        Assert.Equal(["thinking_delta", "signature_delta"], thinkingDeltas);
        Assert.Equal(3, events.Count(e => e.Name == "content_block_stop"));
        Assert.Equal("tool_use", events.Single(e => e.Name == "message_delta").Data.GetProperty("delta").GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task Error_IsServedRepeatTimes_WithItsStatusBodyAndRetryHeader_ThenTheNextResponse()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(
            FakeResponse.Error(400, "invalid_request_error", "bad thing", shouldRetry: false, repeat: 2),
            FakeResponse.Text("ok"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await Http.SendAsync(SseClient.Post(api), ct);
            statuses.Add(response.StatusCode);
            if (i == 0)
            {
                Assert.Equal("false", Assert.Single(response.Headers.GetValues("x-should-retry")));
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
                Assert.Equal("invalid_request_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
                Assert.Equal("bad thing", body.RootElement.GetProperty("error").GetProperty("message").GetString());
            }
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.OK], statuses);
        Assert.Equal(0, api.PendingResponses);
        Assert.Empty(api.Problems);
    }

    [Fact]
    public async Task Overloaded_Is529_WithoutARetryHeaderUnlessAsked()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(FakeResponse.Overloaded());

        using var response = await Http.SendAsync(SseClient.Post(api), ct);

        Assert.Equal(529, (int)response.StatusCode);
        Assert.False(response.Headers.Contains("x-should-retry"));
        Assert.Contains("overloaded_error", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task ScriptExhausted_AnswersANonRetryable500_AndRecordsTheProblem()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(FakeResponse.Text("only one"));
        using (var first = await Http.SendAsync(SseClient.Post(api), ct))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var response = await Http.SendAsync(SseClient.Post(api), ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("false", Assert.Single(response.Headers.GetValues("x-should-retry")));
        Assert.Contains(FakeAnthropicServer.ScriptExhaustedMessage, await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("request #2: script exhausted", Assert.Single(api.Problems));
        Assert.Equal(2, api.RequestCount);
    }

    [Fact]
    public async Task UnknownPath_Is404_AndAProblem_WithoutConsumingTheScript()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(FakeResponse.Text("kept"));

        using var response = await Http.GetAsync(new Uri(api.BaseUrl, "/v1/models"), ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("GET /v1/models", Assert.Single(api.Problems));
        Assert.Equal(1, api.PendingResponses);
    }

    [Fact]
    public async Task Requests_AreRecordedWithHeadersAndParsedBody_IncludingSystemRoleMessages()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(FakeResponse.Text("recorded"));

        using var response = await Http.SendAsync(SseClient.Post(api, SseClient.RequestBody), ct);
        await response.Content.ReadAsStringAsync(ct);

        var request = Assert.Single(api.Requests);
        Assert.Equal(1, request.Number);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal("?beta=true", request.QueryString);
        Assert.Equal("test-key", request.Headers["X-Api-Key"]);
        Assert.Equal("2023-06-01", request.Headers["anthropic-version"]);
        Assert.Equal("claude-test-model", request.Model);
        Assert.True(request.Stream);
        Assert.Equal("You are a test.\nBe brief.", request.SystemText);
        Assert.Equal(["Write", "Bash"], request.ToolNames);
        Assert.Equal(["user", "system", "assistant", "user", "assistant", "user"],
            request.Messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(["environment block"], request.TextsOf("system"));
        Assert.Equal(["toolu_1", "toolu_2"], request.ToolUseIds);
        Assert.Equal("", request.LastUserText);
        Assert.Contains("first prompt", request.TextsOf("user")[0]);
        var written = request.FindToolResult("toolu_1");
        Assert.Equal(("written", false), (written?.Content, written?.IsError));
        var denied = api.FindToolResult("toolu_2");
        Assert.Equal(("denied by host", true), (denied?.Content, denied?.IsError));
        Assert.False(api.HasToolResult("toolu_3"));
        Assert.StartsWith("message [text", request.Response);
    }

    [Fact]
    public async Task BodyThatIsNotJson_IsStillRecorded()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(FakeResponse.Text("fine"));

        using var response = await Http.SendAsync(SseClient.Post(api, "not json"), ct);

        var request = Assert.Single(api.Requests);
        Assert.Null(request.Body);
        Assert.Equal("not json", request.BodyText);
        Assert.Empty(request.Messages);
        Assert.Null(request.Model);
    }

    [Fact]
    public async Task WaitForRequest_CompletesWhenThatRequestArrives()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(FakeResponse.Text("one"), FakeResponse.Text("two"));
        var second = api.WaitForRequestAsync(2, ct);

        using (var first = await Http.SendAsync(SseClient.Post(api, "{\"model\":\"m1\"}"), ct))
        {
            Assert.False(second.IsCompleted);
        }

        using var response = await Http.SendAsync(SseClient.Post(api, "{\"model\":\"m2\"}"), ct);

        Assert.Equal("m2", (await second).Model);
        Assert.Equal("m1", (await api.WaitForRequestAsync(1, ct)).Model);
    }

    [Fact]
    public async Task Gate_HoldsTheStreamMidway_UntilReleased()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        var gate = new FakeGate();
        api.Enqueue(FakeResponse.Text("before ", "after").WithPauseBeforeDelta(1, gate));

        using var response = await Http.SendAsync(SseClient.Post(api), HttpCompletionOption.ResponseHeadersRead, ct);
        await using var events = new SseEvents(await response.Content.ReadAsStreamAsync(ct), ct);
        ServerSentEvent? sseEvent;
        do
        {
            sseEvent = await events.NextAsync();
        }
        while (sseEvent is not null && sseEvent.Name != "content_block_delta");
        Assert.Equal("before ", sseEvent?.Data.GetProperty("delta").GetProperty("text").GetString());
        await gate.Reached.WaitAsync(ct);
        var next = events.NextAsync();

        Assert.False(next.IsCompleted);
        gate.Release();
        Assert.Equal("after", (await next)?.Data.GetProperty("delta").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Hang_WaitsForTheClient_AndAnAbortedClientDoesNotConsumeMoreOfTheScript()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        var gate = new FakeGate();
        api.Enqueue(FakeResponse.Hang(gate), FakeResponse.Text("next"));

        using (var abort = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            using var hanging = await Http.SendAsync(SseClient.Post(api), HttpCompletionOption.ResponseHeadersRead, ct);
            var reading = SseClient.ReadAllAsync(hanging, abort.Token);
            await gate.Reached.WaitAsync(ct);
            await abort.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        }

        using var response = await Http.SendAsync(SseClient.Post(api), ct);
        Assert.Contains("next", await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(2, api.RequestCount);
        Assert.Empty(api.Problems);
    }

    [Fact]
    public async Task Hang_WhenReleased_FinishesWithItsText()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        var gate = new FakeGate();
        api.Enqueue(FakeResponse.Hang(gate, "finally"));

        using var response = await Http.SendAsync(SseClient.Post(api), HttpCompletionOption.ResponseHeadersRead, ct);
        var reading = SseClient.ReadAllAsync(response, ct);
        await gate.Reached.WaitAsync(ct);
        Assert.False(reading.IsCompleted);
        gate.Release();
        var events = await reading;

        Assert.Equal("finally", events.Single(e => e.Name == "content_block_delta").Data.GetProperty("delta").GetProperty("text").GetString());
        Assert.Equal("message_stop", events[^1].Name);
    }

    [Fact]
    public async Task Dispose_WhileAResponseHangs_EndsItAndFailsPendingWaits()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        var api = await FakeAnthropicServer.StartAsync(ct);
        var gate = new FakeGate();
        api.Enqueue(FakeResponse.Hang(gate).WithPauseBeforeHeaders(new FakeGate()));
        var sending = Http.SendAsync(SseClient.Post(api), ct);
        await api.WaitForRequestAsync(1, ct);
        var never = api.WaitForRequestAsync(2, ct);

        await api.DisposeAsync().AsTask().WaitAsync(ct);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => never);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => sending);
        Assert.False(gate.IsReleased);
    }

    [Fact]
    public async Task WaitForRequest_GivingUp_SaysWhatDidArrive()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(FakeResponse.Text("one"));
        using (var response = await Http.SendAsync(SseClient.Post(api), ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var giveUp = new CancellationTokenSource();
        var waiting = api.WaitForRequestAsync(2, giveUp.Token);
        await giveUp.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Contains("request #2", error.Message);
        Assert.Contains("#1 POST /v1/messages", error.Message);
    }

    [Fact]
    public async Task ConcurrentRequests_EachTakeOneResponse_InArrivalOrder()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        const int count = 20;
        api.Enqueue([.. Enumerable.Range(1, count).Select(i => FakeResponse.Text($"answer {i}."))]);

        var bodies = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            using var response = await Http.SendAsync(SseClient.Post(api), ct);
            return await response.Content.ReadAsStringAsync(ct);
        }));

        Assert.Equal(count, bodies.Distinct().Count());
        Assert.All(api.Requests, r => Assert.Contains($"answer {r.Number}.", r.Response));
        Assert.Equal(0, api.PendingResponses);
        Assert.Empty(api.Problems);
    }

    [Fact]
    public async Task EnsureScriptCompleted_ThrowsWhileResponsesAreLeft_AndPassesOnceAllAreUsed()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(FakeResponse.Overloaded(repeat: 2));

        using (var first = await Http.SendAsync(SseClient.Post(api), ct))
        {
            Assert.Equal(529, (int)first.StatusCode);
        }

        var error = Assert.Throws<InvalidOperationException>(api.EnsureScriptCompleted);
        Assert.Contains("1 scripted response(s) left", error.Message);
        using (var second = await Http.SendAsync(SseClient.Post(api), ct))
        {
            Assert.Equal(529, (int)second.StatusCode);
        }

        api.EnsureScriptCompleted();
        using (var third = await Http.SendAsync(SseClient.Post(api), ct))
        {
            Assert.Equal(500, (int)third.StatusCode);
        }

        Assert.Contains("script exhausted", Assert.Throws<InvalidOperationException>(api.EnsureScriptCompleted).Message);
    }

    [Fact]
    public async Task BaseUrl_IsLoopbackWithAPortOfItsOwn()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var first = await FakeAnthropicServer.StartAsync(ct);
        await using var second = await FakeAnthropicServer.StartAsync(ct);

        Assert.Equal("127.0.0.1", first.BaseUrl.Host);
        Assert.NotEqual(0, first.Port);
        Assert.NotEqual(first.Port, second.Port);
    }
}
