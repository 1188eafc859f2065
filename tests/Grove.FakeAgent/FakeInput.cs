using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;

namespace Grove.FakeAgent;

/// <summary>
/// Reads stdin lines on a background thread like the CLI does: user messages are queued,
/// control responses go to whoever waits for them, control requests are answered at once
/// (interrupt, set_permission_mode; others get the CLI's error), a non-JSON line is fatal.
/// </summary>
internal sealed class FakeInput(Stream stdin, FakeOutput output)
{
    private readonly BlockingCollection<JsonObject> _users = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _responses = new();
    private readonly ManualResetEventSlim _eof = new();

    public SemaphoreSlim Interrupts { get; } = new(0);

    /// <summary>When false, interrupt requests are not answered (a hung CLI).</summary>
    public volatile bool AnswerInterrupts = true;

    public void Start() => new Thread(Pump) { IsBackground = true }.Start();

    public JsonObject? NextUser()
    {
        try
        {
            return _users.Take();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public Task<JsonObject> ResponseTo(string requestId) =>
        _responses.GetOrAdd(requestId, _ => new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void WaitForEof() => _eof.Wait();

    private void Pump()
    {
        using var reader = new StreamReader(stdin, new UTF8Encoding(false));
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            JsonObject message;
            try
            {
                message = JsonNode.Parse(line)!.AsObject();
            }
            catch (Exception)
            {
                output.Error($"Error parsing streaming input line: {line}");
                Environment.Exit(1);
                return;
            }

            Dispatch(message);
        }

        _users.CompleteAdding();
        _eof.Set();
    }

    private void Dispatch(JsonObject message)
    {
        switch ((string?)message["type"])
        {
            case "user":
                _users.Add(message);
                break;
            case "control_response":
                var id = (string?)message["response"]?["request_id"] ?? string.Empty;
                _responses.GetOrAdd(id, _ => new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(message);
                break;
            case "control_request":
                AnswerRequest((string)message["request_id"]!, message["request"]!.AsObject());
                break;
        }
    }

    private void AnswerRequest(string requestId, JsonObject request)
    {
        var subtype = (string?)request["subtype"];
        switch (subtype)
        {
            case "interrupt":
                if (AnswerInterrupts)
                {
                    output.Json(Success(requestId, new JsonObject { ["still_queued"] = new JsonArray() }));
                }

                Interrupts.Release();
                break;
            case "initialize":
                output.Json(Success(requestId, new JsonObject
                {
                    ["claude_code_version"] = "2.1.328",
                    ["current_permission_mode"] = "default",
                    ["models"] = new JsonArray(new JsonObject { ["value"] = "opus", ["displayName"] = "Opus", ["description"] = "Opus 5.5" }),
                    ["account"] = new JsonObject { ["tokenSource"] = "none", ["apiProvider"] = "firstParty" },
                    ["session_state"] = "idle",
                }));
                break;
            case "set_permission_mode":
                var mode = (string?)request["mode"];
                output.Json(Success(requestId, new JsonObject { ["mode"] = mode }));
                output.Json(new JsonObject { ["type"] = "system", ["subtype"] = "status", ["status"] = null, ["permissionMode"] = mode });
                break;
            default:
                output.Json(new JsonObject
                {
                    ["type"] = "control_response",
                    ["response"] = new JsonObject { ["subtype"] = "error", ["request_id"] = requestId, ["error"] = $"Unsupported control request subtype: {subtype}" },
                });
                break;
        }
    }

    private static JsonObject Success(string requestId, JsonObject response) => new()
    {
        ["type"] = "control_response",
        ["response"] = new JsonObject { ["subtype"] = "success", ["request_id"] = requestId, ["response"] = response },
    };
}
