using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace Grove.Testing.Tests;

/// <summary>One parsed server-sent event.</summary>
internal sealed record ServerSentEvent(string Name, JsonElement Data)
{
    public string Type => Data.GetProperty("type").GetString()!;
}

/// <summary>Plain HttpClient calls to the fake server, and its events read with .NET's <see cref="SseParser"/>.</summary>
internal static class SseClient
{
    public static readonly string RequestBody = """
        {"model":"claude-test-model","stream":true,"max_tokens":100,
         "system":[{"type":"text","text":"You are a test."},{"type":"text","text":"Be brief."}],
         "tools":[{"name":"Write","input_schema":{"type":"object"}},{"name":"Bash","input_schema":{"type":"object"}}],
         "messages":[
           {"role":"user","content":[{"type":"text","text":"<system-reminder>git status</system-reminder>"},{"type":"text","text":"first prompt"}]},
           {"role":"system","content":"environment block"},
           {"role":"assistant","content":[{"type":"text","text":"on it"},{"type":"tool_use","id":"toolu_1","name":"Write","input":{}}]},
           {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"written","is_error":false},{"type":"text","text":"and then?"}]},
           {"role":"assistant","content":[{"type":"tool_use","id":"toolu_2","name":"Bash","input":{}}]},
           {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"denied by host"}],"is_error":true}]}
         ]}
        """;

    public static HttpRequestMessage Post(FakeAnthropicServer api, string body = "{\"stream\":true,\"messages\":[]}")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(api.BaseUrl, "/v1/messages?beta=true"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", "test-key");
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return request;
    }

    /// <summary>Reads every event of a stream, checking each.</summary>
    public static async Task<List<ServerSentEvent>> ReadAllAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var reader = new SseEvents(await response.Content.ReadAsStreamAsync(ct), ct);
        var events = new List<ServerSentEvent>();
        while (await reader.NextAsync() is { } sseEvent)
        {
            events.Add(sseEvent);
        }

        return events;
    }
}

/// <summary>The events of one response body, one at a time; each must name its own <c>type</c> and hold JSON.</summary>
internal sealed class SseEvents(Stream body, CancellationToken ct) : IAsyncDisposable
{
    private readonly IAsyncEnumerator<SseItem<string>> _items = SseParser.Create(body).EnumerateAsync(ct).GetAsyncEnumerator(ct);

    /// <summary>The next event, or null at the end of the stream.</summary>
    public async Task<ServerSentEvent?> NextAsync()
    {
        if (!await _items.MoveNextAsync())
        {
            return null;
        }

        using var document = JsonDocument.Parse(_items.Current.Data);
        var sseEvent = new ServerSentEvent(_items.Current.EventType, document.RootElement.Clone());
        Assert.Equal(sseEvent.Name, sseEvent.Type);
        return sseEvent;
    }

    public ValueTask DisposeAsync() => _items.DisposeAsync();
}
