using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Grove.Testing.Tests;

/// <summary>One parsed server-sent event.</summary>
internal sealed record ServerSentEvent(string Name, JsonElement Data)
{
    public string Type => Data.GetProperty("type").GetString()!;
}

/// <summary>Plain HttpClient calls to the fake server, and a strict SSE frame reader.</summary>
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

    /// <summary>Reads every event of a stream, checking the framing of each.</summary>
    public static async Task<List<ServerSentEvent>> ReadAllAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var events = new List<ServerSentEvent>();
        while (await ReadEventAsync(reader, ct) is { } sseEvent)
        {
            events.Add(sseEvent);
        }

        return events;
    }

    /// <summary>The next event (<c>event:</c> line, <c>data:</c> line, blank line), or null at the end.</summary>
    public static async Task<ServerSentEvent?> ReadEventAsync(StreamReader reader, CancellationToken ct)
    {
        var eventLine = await reader.ReadLineAsync(ct);
        if (eventLine is null)
        {
            return null;
        }

        Assert.StartsWith("event: ", eventLine);
        var dataLine = await reader.ReadLineAsync(ct);
        Assert.NotNull(dataLine);
        Assert.StartsWith("data: ", dataLine);
        Assert.Equal("", await reader.ReadLineAsync(ct));
        using var document = JsonDocument.Parse(dataLine["data: ".Length..]);
        var sseEvent = new ServerSentEvent(eventLine["event: ".Length..], document.RootElement.Clone());
        Assert.Equal(sseEvent.Name, sseEvent.Type);
        return sseEvent;
    }
}
