using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Grove.Testing;

/// <summary>
/// A scripted Anthropic Messages API on 127.0.0.1 (real Kestrel, random free port), for driving
/// the real Claude Code CLI offline. Each <c>POST /v1/messages</c> consumes the next
/// <see cref="FakeResponse"/> of the script and is recorded. When the script runs out it answers
/// a non-retryable 500 naming the problem (see <see cref="Problems"/>), so a test fails instead of hanging.
/// Thread-safe. Start one per test: <c>await using var api = await FakeAnthropicServer.StartAsync(ct);</c>
/// </summary>
public sealed partial class FakeAnthropicServer : IAsyncDisposable
{
    /// <summary>The error message of a request that found the script empty.</summary>
    public const string ScriptExhaustedMessage = "FakeAnthropicServer: the script has no response left for this request";

    private readonly Lock _lock = new();
    private readonly Queue<ScriptEntry> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<string> _problems = [];
    private readonly List<(int Number, TaskCompletionSource<RecordedRequest> Completion)> _waiters = [];
    private readonly CancellationTokenSource _stopping = new();
    private LoopbackHost? _host;
    private int _disposed;

    private FakeAnthropicServer()
    {
    }

    /// <summary><c>http://127.0.0.1:PORT</c>, the value for <c>ANTHROPIC_BASE_URL</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public int Port => BaseUrl.Port;

    /// <summary>Requests received so far (all paths).</summary>
    public int RequestCount
    {
        get
        {
            lock (_lock)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>A snapshot of every request received, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The latest request, or null before the first one.</summary>
    public RecordedRequest? LastRequest
    {
        get
        {
            lock (_lock)
            {
                return _requests.Count == 0 ? null : _requests[^1];
            }
        }
    }

    /// <summary>The text of the last user message of the latest request ("" before any request).</summary>
    public string LastUserText => LastRequest?.LastUserText ?? "";

    /// <summary>Scripted responses not consumed yet (an error with repeats left counts once).</summary>
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

    /// <summary>Things that went wrong on the server side: script exhausted, unknown paths.</summary>
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

    public static async Task<FakeAnthropicServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeAnthropicServer();
        var host = await LoopbackHost.StartAsync(server.HandleAsync, cancellationToken);
        server._host = host;
        server.BaseUrl = new Uri(host.BaseUrl.GetLeftPart(UriPartial.Authority));
        return server;
    }

    /// <summary>Appends responses to the script, in order.</summary>
    public FakeAnthropicServer Enqueue(params FakeResponse[] responses)
    {
        lock (_lock)
        {
            foreach (var response in responses)
            {
                _script.Enqueue(new ScriptEntry(response));
            }
        }

        return this;
    }

    /// <summary>Completes with request number <paramref name="number"/> (1-based) once it has arrived.</summary>
    public Task<RecordedRequest> WaitForRequestAsync(int number, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        lock (_lock)
        {
            if (_requests.Count >= number)
            {
                return Task.FromResult(_requests[number - 1]);
            }

            var completion = new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((number, completion));
            return WaitAsync(completion.Task);
        }

        async Task<RecordedRequest> WaitAsync(Task<RecordedRequest> task)
        {
            try
            {
                return await task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(
                    $"Gave up waiting for request #{number}; received {RequestCount}: {string.Join("; ", Requests)}",
                    exception,
                    cancellationToken);
            }
        }
    }

    /// <summary>The latest tool_result for <paramref name="toolUseId"/> in any request, or null.</summary>
    public FakeToolResult? FindToolResult(string toolUseId)
    {
        foreach (var request in Requests.Reverse())
        {
            if (request.FindToolResult(toolUseId) is { } result)
            {
                return result;
            }
        }

        return null;
    }

    public bool HasToolResult(string toolUseId) => FindToolResult(toolUseId) is not null;

    /// <summary>
    /// Throws when the script was not played exactly: responses left over, or problems
    /// (script exhausted, unknown paths). Call at the end of a test that expects the whole script used.
    /// </summary>
    public void EnsureScriptCompleted()
    {
        var problems = Problems;
        var pending = PendingResponses;
        if (problems.Count > 0 || pending > 0)
        {
            throw new InvalidOperationException(
                $"FakeAnthropicServer: {pending} scripted response(s) left, problems: [{string.Join("; ", problems)}]; " +
                $"requests: [{string.Join("; ", Requests)}]");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Wake every response held at a gate first, so stopping never waits for them.
        await _stopping.CancelAsync();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        lock (_lock)
        {
            foreach (var (_, completion) in _waiters)
            {
                completion.TrySetException(new ObjectDisposedException(nameof(FakeAnthropicServer), "The fake server stopped before the request arrived."));
            }

            _waiters.Clear();
        }

        _stopping.Dispose();
    }

    private sealed class ScriptEntry(FakeResponse response)
    {
        public FakeResponse Response { get; } = response;

        public int Remaining { get; set; } = response.Repeat;
    }
}
