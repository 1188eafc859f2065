using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Grove.Testing.FakePostHog;

/// <summary>One event of a batch the fake received: its name, distinct id and properties.</summary>
public sealed record FakePostHogEvent(string Name, string DistinctId, JsonObject Properties);

/// <summary>
/// A fake PostHog capture API on 127.0.0.1: <c>POST /batch/</c> with <c>{"api_key", "batch": […]}</c>.
/// Records every request body byte for byte (<see cref="RawBodies"/>) and the events of accepted
/// batches; <see cref="FailNext"/> makes the next batches fail with 503. A wrong key gets 401.
/// </summary>
public sealed class FakePostHogServer : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<string> _bodies = [];
    private readonly List<FakePostHogEvent> _events = [];
    private int _failNext;
    private LoopbackHost? _host;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakePostHogServer(string projectKey) => ProjectKey = projectKey;

    public string ProjectKey { get; }

    public Uri BaseUrl => _host!.BaseUrl;

    public IReadOnlyList<string> RawBodies
    {
        get
        {
            lock (_lock)
            {
                return [.. _bodies];
            }
        }
    }

    public IReadOnlyList<FakePostHogEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The next <paramref name="count"/> batches are answered 503 (their events are not recorded).</summary>
    public void FailNext(int count)
    {
        lock (_lock)
        {
            _failNext = count;
        }
    }

    public static async Task<FakePostHogServer> StartAsync(string projectKey = "phc_test_project")
    {
        var server = new FakePostHogServer(projectKey);
        server._host = await LoopbackHost.StartAsync(server.HandleAsync);
        return server;
    }

    /// <summary>Waits until at least <paramref name="count"/> events were accepted.</summary>
    public async Task<IReadOnlyList<FakePostHogEvent>> WaitForEventsAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_events.Count >= count)
                {
                    return [.. _events];
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The fake PostHog got {Events.Count} events, not {count}, within {timeout}.");
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        bool fail;
        lock (_lock)
        {
            _bodies.Add(body);
            fail = _failNext > 0;
            if (fail)
            {
                _failNext--;
            }
        }

        if (context.Request.Method != "POST" || context.Request.Path != "/batch/")
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (fail)
        {
            context.Response.StatusCode = 503;
            Signal();
            return;
        }

        var json = JsonNode.Parse(body)!.AsObject();
        if (json["api_key"]?.GetValue<string>() != ProjectKey)
        {
            context.Response.StatusCode = 401;
            Signal();
            return;
        }

        lock (_lock)
        {
            foreach (var item in json["batch"]!.AsArray())
            {
                _events.Add(new FakePostHogEvent(
                    item!["event"]!.GetValue<string>(),
                    item["distinct_id"]!.GetValue<string>(),
                    item["properties"]!.AsObject()));
            }
        }

        Signal();
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"status\":1}");
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_lock)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
