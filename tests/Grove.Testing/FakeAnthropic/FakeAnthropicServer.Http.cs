using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Grove.Testing;

/// <summary>The HTTP side: record, pick the scripted response, write it.</summary>
public sealed partial class FakeAnthropicServer
{
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

            var isMessages = HttpMethods.IsPost(context.Request.Method) && context.Request.Path == "/v1/messages";
            var (request, response) = Accept(context.Request, body, isMessages);
            if (!isMessages)
            {
                await WriteErrorAsync(context, 404, "not_found_error", $"FakeAnthropicServer: no route for {request.Method} {request.Path}", shouldRetry: false, cancellationToken);
            }
            else if (response is null)
            {
                await WriteErrorAsync(context, 500, "api_error", $"{ScriptExhaustedMessage} (request #{request.Number})", shouldRetry: false, cancellationToken);
            }
            else
            {
                if (response.PauseBeforeHeaders is { } gate)
                {
                    await gate.PassAsync(cancellationToken);
                }

                if (response.IsError)
                {
                    await WriteErrorAsync(context, response.Status, response.ErrorType!, response.ErrorMessage!, response.ShouldRetry, cancellationToken);
                }
                else
                {
                    await WriteMessageAsync(context, request, response, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away (an interrupt or a killed CLI) or the server is stopping:
            // end the response; there is no one to tell.
            context.Abort();
        }
    }

    /// <summary>Atomically: take the next scripted response, record the request, wake its waiters.</summary>
    private (RecordedRequest Request, FakeResponse? Response) Accept(HttpRequest httpRequest, string body, bool isMessages)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in httpRequest.Headers)
        {
            headers[name] = values.ToString();
        }

        List<(TaskCompletionSource<RecordedRequest> Completion, RecordedRequest Request)> ready = [];
        RecordedRequest request;
        FakeResponse? response;
        lock (_lock)
        {
            var number = _requests.Count + 1;
            response = isMessages ? NextResponse() : null;
            string description;
            if (!isMessages)
            {
                description = "404 not_found_error";
                _problems.Add($"request #{number}: unexpected {httpRequest.Method} {httpRequest.Path.Value}");
            }
            else if (response is null)
            {
                description = $"500 {ScriptExhaustedMessage}";
                _problems.Add($"request #{number}: script exhausted");
            }
            else
            {
                description = response.ToString();
            }

            request = new RecordedRequest(
                number,
                httpRequest.Method,
                httpRequest.Path.Value ?? "",
                httpRequest.QueryString.Value ?? "",
                headers,
                body,
                description);
            _requests.Add(request);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Number <= _requests.Count)
                {
                    ready.Add((_waiters[i].Completion, _requests[_waiters[i].Number - 1]));
                    _waiters.RemoveAt(i);
                }
            }
        }

        // Continuations run asynchronously (RunContinuationsAsynchronously), and never under the lock.
        foreach (var (completion, waited) in ready)
        {
            completion.TrySetResult(waited);
        }

        return (request, response);
    }

    /// <summary>Takes one serving of the script's head; call under the lock.</summary>
    private FakeResponse? NextResponse()
    {
        if (!_script.TryPeek(out var entry))
        {
            return null;
        }

        entry.Remaining--;
        if (entry.Remaining == 0)
        {
            _script.Dequeue();
        }

        return entry.Response;
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string type, string message, bool? shouldRetry, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["request-id"] = $"req_fake_{Guid.NewGuid():N}";
        if (shouldRetry is { } retry)
        {
            context.Response.Headers["x-should-retry"] = retry ? "true" : "false";
        }

        await context.Response.WriteAsync(SseEvents.Error(type, message), cancellationToken);
    }

    private static async Task WriteMessageAsync(HttpContext context, RecordedRequest request, FakeResponse response, CancellationToken cancellationToken)
    {
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["request-id"] = $"req_fake_{request.Number:D4}";
        await context.Response.StartAsync(cancellationToken);

        var messageId = $"msg_fake_{request.Number:D4}_{Guid.NewGuid():N}"[..30];
        var deltaIndex = 0;
        foreach (var sseEvent in SseEvents.For(response, messageId, request.Model ?? "claude-fake"))
        {
            if (sseEvent.IsDelta)
            {
                if (deltaIndex > 0 && response.DeltaDelay > TimeSpan.Zero)
                {
                    await Task.Delay(response.DeltaDelay, cancellationToken);
                }

                if (response.PausesBeforeDelta.TryGetValue(deltaIndex, out var gate))
                {
                    await gate.PassAsync(cancellationToken);
                }

                deltaIndex++;
            }

            await context.Response.WriteAsync(sseEvent.Text, cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }
    }
}
