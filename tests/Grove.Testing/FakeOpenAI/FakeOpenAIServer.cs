using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Grove.Testing.FakeOpenAI;

/// <summary>One transcription request as the fake received it: the multipart <c>file</c> and <c>model</c>, and what was wrong with it.</summary>
public sealed record FakeTranscriptionRequest(
    string Path,
    string? Authorization,
    string? FileName,
    string? FileContentType,
    byte[] Audio,
    string? Model,
    IReadOnlyDictionary<string, string> Fields,
    string? Problem);

/// <summary>
/// A fake OpenAI transcription API and Grove account backend on 127.0.0.1 (real Kestrel, free port):
/// <c>POST /v1/audio/transcriptions</c> (bearer <see cref="ApiKey"/>; multipart <c>file</c> and
/// <c>model</c> checked; answers <c>{"text": <see cref="Text"/>}</c>) and <c>POST /api/voice/transcribe</c>
/// (bearer <see cref="BackendToken"/>; multipart <c>file</c>). <see cref="AnswerNext"/> scripts a
/// status (401, 429, 500…), <see cref="Hold"/> makes requests hang until released. A wrong key gets
/// 401 with OpenAI's body, which echoes the key partly. Every request is recorded.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    public const string TranscriptionsPath = "/v1/audio/transcriptions";
    public const string BackendPath = "/api/voice/transcribe";

    private readonly Lock _lock = new();
    private readonly List<FakeTranscriptionRequest> _requests = [];
    private readonly Queue<(int Status, string Body)> _answers = new();
    private readonly List<TaskCompletionSource<FakeTranscriptionRequest>> _waiters = [];
    private LoopbackHost? _host;

    /// <summary><c>http://127.0.0.1:PORT/</c>: the backend's API URL.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary><c>http://127.0.0.1:PORT/v1</c>: the value for <c>voice.base_url</c>.</summary>
    public string OpenAIBaseUrl => new Uri(BaseUrl, "v1").ToString();

    public string ApiKey { get; init; } = "sk-fake-voice-0123456789abcdefXYZ";

    public string BackendToken { get; init; } = "grove-backend-token-42";

    /// <summary>What a successful transcription answers.</summary>
    public string Text { get; set; } = "hello from the fake whisper";

    /// <summary>When set, every request waits here (until released or the client gives up).</summary>
    public FakeGate? Hold { get; set; }

    public IReadOnlyList<FakeTranscriptionRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts the fake; it accepts <paramref name="apiKey"/> (else <see cref="ApiKey"/>'s default) and nothing else.</summary>
    public static async Task<FakeOpenAIServer> StartAsync(string? apiKey = null, CancellationToken cancellationToken = default)
    {
        var server = apiKey is null ? new FakeOpenAIServer() : new FakeOpenAIServer { ApiKey = apiKey };
        server._host = await LoopbackHost.StartAsync(server.HandleAsync, cancellationToken);
        server.BaseUrl = server._host.BaseUrl;
        return server;
    }

    /// <summary>The next request (after the checks pass) is answered with <paramref name="status"/> and an OpenAI-style error body.</summary>
    public void AnswerNext(int status, string message = "scripted error")
    {
        lock (_lock)
        {
            _answers.Enqueue((status, JsonSerializer.Serialize(new { error = new { message, type = "fake_error" } })));
        }
    }

    /// <summary>Completes with the first request recorded from now on.</summary>
    public Task<FakeTranscriptionRequest> NextRequestAsync(CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<FakeTranscriptionRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waiters.Add(waiter);
        }

        return waiter.Task.WaitAsync(cancellationToken);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var openAI = path == TranscriptionsPath;
        if (!HttpMethods.IsPost(context.Request.Method) || !(openAI || path == BackendPath))
        {
            await WriteAsync(context, 404, Error($"FakeOpenAIServer: no route for {context.Request.Method} {path}"));
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var request = await ReadAsync(context, path, openAI, authorization);
        TaskCompletionSource<FakeTranscriptionRequest>[] waiters;
        lock (_lock)
        {
            _requests.Add(request);
            waiters = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetResult(request);
        }

        if (Hold is { } gate)
        {
            try
            {
                await gate.PassAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var expected = "Bearer " + (openAI ? ApiKey : BackendToken);
        if (!string.Equals(authorization, expected, StringComparison.Ordinal))
        {
            var given = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..] : authorization;
            var shown = given.Length > 10 ? $"{given[..6]}****{given[^4..]}" : "****";
            await WriteAsync(context, 401, Error(openAI ? $"Incorrect API key provided: {shown}. You can find your API key at https://platform.openai.com/account/api-keys." : "Invalid or expired token"));
            return;
        }

        if (request.Problem is { } problem)
        {
            await WriteAsync(context, 400, Error(problem));
            return;
        }

        (int Status, string Body)? answer = null;
        lock (_lock)
        {
            if (_answers.Count > 0)
            {
                answer = _answers.Dequeue();
            }
        }

        if (answer is { } scripted)
        {
            await WriteAsync(context, scripted.Status, scripted.Body);
            return;
        }

        await WriteAsync(context, 200, JsonSerializer.Serialize(new { text = Text }));
    }

    private static async Task<FakeTranscriptionRequest> ReadAsync(HttpContext context, string path, bool openAI, string authorization)
    {
        if (!context.Request.HasFormContentType)
        {
            return new FakeTranscriptionRequest(path, authorization, null, null, [], null, new Dictionary<string, string>(), "expected multipart/form-data");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var file = form.Files.GetFile("file");
        byte[] audio = [];
        if (file is not null)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, context.RequestAborted);
            audio = buffer.ToArray();
        }

        var model = fields.GetValueOrDefault("model");
        var problem = file is null ? "the multipart field 'file' is missing"
            : audio.Length == 0 ? "the audio file is empty"
            : openAI && string.IsNullOrEmpty(model) ? "the multipart field 'model' is missing"
            : null;
        return new FakeTranscriptionRequest(path, authorization, file?.FileName, file?.ContentType, audio, model, fields, problem);
    }

    private static string Error(string message) => JsonSerializer.Serialize(new { error = new { message, type = "invalid_request_error" } });

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        Hold?.Release();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
