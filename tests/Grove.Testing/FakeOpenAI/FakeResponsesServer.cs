using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Grove.Testing;

/// <summary>
/// A scripted OpenAI Responses API on 127.0.0.1 (real Kestrel, free port), for driving the real Codex
/// CLI offline. Each <c>POST /v1/responses</c> consumes the next <see cref="FakeResponsesTurn"/> and
/// streams it as SSE the way OpenAI does (<c>response.created</c>, <c>response.output_item.added</c>,
/// <c>response.output_text.delta</c>, <c>response.output_item.done</c>, <c>response.completed</c>
/// with usage); every request is recorded. When the script runs out it answers 400 naming the
/// problem (see <see cref="Problems"/>), so a test fails instead of hanging. Codex is pointed at it
/// with a model provider whose <c>base_url</c> is <see cref="ApiBaseUrl"/> (Codex ignores
/// <c>OPENAI_BASE_URL</c>). Thread-safe; one per test.
/// </summary>
public sealed class FakeResponsesServer : IAsyncDisposable
{
    public const string ScriptExhaustedMessage = "FakeResponsesServer: the script has no response left for this request";

    private readonly Lock _lock = new();
    private readonly Queue<FakeResponsesTurn> _script = new();
    private readonly List<RecordedResponsesRequest> _requests = [];
    private readonly List<string> _problems = [];
    private readonly List<(int Number, TaskCompletionSource<RecordedResponsesRequest> Completion)> _waiters = [];
    private readonly CancellationTokenSource _stopping = new();
    private LoopbackHost? _host;
    private int _disposed;

    private FakeResponsesServer()
    {
    }

    /// <summary><c>http://127.0.0.1:PORT/v1</c>: the provider <c>base_url</c> (and Grove's <c>codex.base_url</c>).</summary>
    public string ApiBaseUrl { get; private set; } = "";

    /// <summary>Requests to <c>/v1/responses</c> so far (other paths are recorded but not counted).</summary>
    public IReadOnlyList<RecordedResponsesRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests.Where(r => r.Path.EndsWith("/responses", StringComparison.Ordinal))];
            }
        }
    }

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_lock)
            {
                return [.. _problems];
            }
        }
    }

    public int PendingResponses
    {
        get
        {
            lock (_lock)
            {
                return _script.Count;
            }
        }
    }

    public static async Task<FakeResponsesServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeResponsesServer();
        server._host = await LoopbackHost.StartAsync(server.HandleAsync, cancellationToken);
        server.ApiBaseUrl = new Uri(server._host.BaseUrl, "v1").ToString();
        return server;
    }

    public FakeResponsesServer Enqueue(params FakeResponsesTurn[] turns)
    {
        lock (_lock)
        {
            foreach (var turn in turns)
            {
                _script.Enqueue(turn);
            }
        }

        return this;
    }

    /// <summary>Completes with the <paramref name="number"/>th <c>/v1/responses</c> request (1-based) once it has arrived.</summary>
    public async Task<RecordedResponsesRequest> WaitForRequestAsync(int number, CancellationToken cancellationToken)
    {
        Task<RecordedResponsesRequest> wait;
        lock (_lock)
        {
            var responses = _requests.Where(r => r.Path.EndsWith("/responses", StringComparison.Ordinal)).ToList();
            if (responses.Count >= number)
            {
                return responses[number - 1];
            }

            var completion = new TaskCompletionSource<RecordedResponsesRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((number, completion));
            wait = completion.Task;
        }

        try
        {
            return await wait.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Gave up waiting for Responses request #{number}; received: {string.Join("; ", Requests)}; problems: {string.Join("; ", Problems)}", ex, cancellationToken);
        }
    }

    /// <summary>Throws when responses are left over or something unexpected arrived.</summary>
    public void EnsureScriptCompleted()
    {
        if (Problems.Count > 0 || PendingResponses > 0)
        {
            throw new InvalidOperationException(
                $"FakeResponsesServer: {PendingResponses} scripted response(s) left, problems: [{string.Join("; ", Problems)}]; requests: [{string.Join("; ", Requests)}]");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var cancellationToken = linked.Token;
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync(cancellationToken);
            }

            var isResponses = HttpMethods.IsPost(context.Request.Method) && context.Request.Path == "/v1/responses";
            var (request, turn) = Accept(context.Request, body, isResponses);
            if (!isResponses)
            {
                await WriteErrorAsync(context, 404, $"FakeResponsesServer: no route for {request.Method} {request.Path}", cancellationToken);
            }
            else if (turn is null)
            {
                await WriteErrorAsync(context, 400, $"{ScriptExhaustedMessage} (request #{request.Number})", cancellationToken);
            }
            else if (turn.ErrorStatus != 0)
            {
                await WriteErrorAsync(context, turn.ErrorStatus, turn.ErrorMessage ?? "error", cancellationToken);
            }
            else
            {
                await StreamAsync(context, request, turn, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Abort();
        }
    }

    private (RecordedResponsesRequest Request, FakeResponsesTurn? Turn) Accept(HttpRequest httpRequest, string body, bool isResponses)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in httpRequest.Headers)
        {
            headers[name] = values.ToString();
        }

        List<(TaskCompletionSource<RecordedResponsesRequest>, RecordedResponsesRequest)> ready = [];
        RecordedResponsesRequest request;
        FakeResponsesTurn? turn = null;
        lock (_lock)
        {
            var number = _requests.Count(r => r.Path.EndsWith("/responses", StringComparison.Ordinal)) + (isResponses ? 1 : 0);
            string served;
            if (!isResponses)
            {
                served = "404";
                if (HttpMethods.IsPost(httpRequest.Method))
                {
                    _problems.Add($"unexpected {httpRequest.Method} {httpRequest.Path.Value}");
                }
            }
            else if (!_script.TryDequeue(out turn))
            {
                served = $"400 {ScriptExhaustedMessage}";
                _problems.Add($"request #{number}: script exhausted");
            }
            else
            {
                served = turn.ToString();
            }

            request = new RecordedResponsesRequest(number, httpRequest.Method, httpRequest.Path.Value ?? "", headers, body, served);
            _requests.Add(request);
            if (isResponses)
            {
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (_waiters[i].Number <= number)
                    {
                        var responses = _requests.Where(r => r.Path.EndsWith("/responses", StringComparison.Ordinal)).ToList();
                        ready.Add((_waiters[i].Completion, responses[_waiters[i].Number - 1]));
                        _waiters.RemoveAt(i);
                    }
                }
            }
        }

        foreach (var (completion, waited) in ready)
        {
            completion.TrySetResult(waited);
        }

        return (request, turn);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string message, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { message, type = "invalid_request_error", code = (string?)null } }), cancellationToken);
    }

    private static async Task StreamAsync(HttpContext context, RecordedResponsesRequest request, FakeResponsesTurn turn, CancellationToken cancellationToken)
    {
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(cancellationToken);

        var responseId = $"resp_fake_{request.Number:D4}";
        async Task SendAsync(string type, object data)
        {
            var json = JsonSerializer.SerializeToNode(data)!.AsObject();
            json["type"] = type;
            await context.Response.WriteAsync($"event: {type}\ndata: {json.ToJsonString()}\n\n", cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }

        await SendAsync("response.created", new { response = new { id = responseId, status = "in_progress" } });
        if (turn.PauseAfterCreated is { } gate)
        {
            await gate.PassAsync(cancellationToken);
        }

        if (turn.Fails)
        {
            await SendAsync("response.failed", new { response = new { id = responseId, status = "failed", error = new { code = "server_error", message = turn.ErrorMessage ?? "failed" } } });
            return;
        }

        var output = new List<object>();
        for (var index = 0; index < turn.Items.Count; index++)
        {
            var item = Item(turn.Items[index], request.Number, index);
            if (turn.Items[index] is FakeResponsesItem.Message message)
            {
                var id = $"msg_{request.Number}_{index}";
                await SendAsync("response.output_item.added", new { output_index = index, item = new { type = "message", id, role = "assistant", status = "in_progress", content = Array.Empty<object>() } });
                foreach (var word in Words(message.Text))
                {
                    await SendAsync("response.output_text.delta", new { item_id = id, output_index = index, content_index = 0, delta = word });
                }
            }
            else
            {
                await SendAsync("response.output_item.added", new { output_index = index, item });
            }

            await SendAsync("response.output_item.done", new { output_index = index, item });
            output.Add(item);
        }

        await SendAsync("response.completed", new
        {
            response = new
            {
                id = responseId,
                status = "completed",
                output,
                usage = new
                {
                    input_tokens = turn.InputTokens,
                    input_tokens_details = new { cached_tokens = turn.CachedInputTokens },
                    output_tokens = turn.OutputTokens,
                    output_tokens_details = new { reasoning_tokens = 0 },
                    total_tokens = turn.InputTokens + turn.OutputTokens,
                },
            },
        });
    }

    private static object Item(FakeResponsesItem item, int number, int index) => item switch
    {
        FakeResponsesItem.Message m => new { type = "message", id = $"msg_{number}_{index}", role = "assistant", status = "completed", content = new object[] { new { type = "output_text", text = m.Text, annotations = Array.Empty<object>() } } },
        FakeResponsesItem.Reasoning r => new { type = "reasoning", id = $"rs_{number}_{index}", summary = new object[] { new { type = "summary_text", text = r.Summary } } },
        FakeResponsesItem.FunctionCall { Namespace: { } ns } f => new { type = "function_call", id = $"fc_{number}_{index}", call_id = f.CallId, @namespace = ns, name = f.Name, arguments = f.Arguments, status = "completed" },
        FakeResponsesItem.FunctionCall f => new { type = "function_call", id = $"fc_{number}_{index}", call_id = f.CallId, name = f.Name, arguments = f.Arguments, status = "completed" },
        FakeResponsesItem.CustomToolCall c => new { type = "custom_tool_call", id = $"ctc_{number}_{index}", call_id = c.CallId, name = c.Name, input = c.Input, status = "completed" },
        _ => throw new ArgumentOutOfRangeException(nameof(item)),
    };

    private static IEnumerable<string> Words(string text)
    {
        var parts = text.Split(' ');
        for (var i = 0; i < parts.Length; i++)
        {
            yield return i < parts.Length - 1 ? parts[i] + " " : parts[i];
        }
    }
}
