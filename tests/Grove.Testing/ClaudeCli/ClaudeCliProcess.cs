using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Grove.Testing;

/// <summary>
/// A raw runner for the real CLI in stream-json mode: writes JSON lines to stdin, reads stdout
/// line by line as JSON, keeps stderr, kills the whole process tree on dispose. For tests of the
/// harness; Grove's own driver is what product tests exercise.
/// </summary>
public sealed class ClaudeCliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _lines = Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly List<JsonElement> _history = [];
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _nonJsonLines = [];
    private readonly SemaphoreSlim _stdinLock = new(1, 1);
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;

    private ClaudeCliProcess(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
        _stdoutPump = Task.Run(PumpStdoutAsync);
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    /// <summary>For messages: the binary and its arguments (never run through a shell).</summary>
    public string CommandLine { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Every stdout JSON line received so far, in order, including lines not read yet by
    /// <see cref="ReadLineAsync"/>/<c>WaitFor…</c>: use it for assertions after a wait, not to decide what to read next.
    /// </summary>
    public IReadOnlyList<JsonElement> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _history];
            }
        }
    }

    /// <summary>stdout lines that were not JSON (there should be none).</summary>
    public IReadOnlyList<string> NonJsonLines
    {
        get
        {
            lock (_lock)
            {
                return [.. _nonJsonLines];
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    internal static ClaudeCliProcess Start(string binary, string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo(binary)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {binary}.");
        process.StandardInput.AutoFlush = false;
        return new ClaudeCliProcess(process, string.Join(' ', [binary, .. startInfo.ArgumentList]));
    }

    /// <summary>Writes one JSON object as a line on stdin.</summary>
    public async Task SendAsync(JsonNode message, CancellationToken cancellationToken)
    {
        var line = message.ToJsonString();
        await _stdinLock.WaitAsync(cancellationToken);
        try
        {
            await _process.StandardInput.WriteAsync(line.AsMemory(), cancellationToken);
            await _process.StandardInput.WriteAsync("\n".AsMemory(), cancellationToken);
            await _process.StandardInput.FlushAsync(cancellationToken);
        }
        finally
        {
            _stdinLock.Release();
        }
    }

    /// <summary>Sends a user message (starts a turn that ends with one <c>result</c>).</summary>
    public Task SendUserMessageAsync(string text, CancellationToken cancellationToken) =>
        SendAsync(new JsonObject
        {
            ["type"] = "user",
            ["session_id"] = "",
            ["parent_tool_use_id"] = null,
            ["message"] = new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
            },
        }, cancellationToken);

    /// <summary>Sends a host → CLI <c>control_request</c>; returns its request id.</summary>
    public async Task<string> SendControlRequestAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var requestId = $"host-{Guid.NewGuid():N}";
        await SendAsync(new JsonObject
        {
            ["type"] = "control_request",
            ["request_id"] = requestId,
            ["request"] = request,
        }, cancellationToken);
        return requestId;
    }

    /// <summary>Answers a CLI <c>can_use_tool</c> request with allow, passing its input through.</summary>
    public Task AllowToolAsync(JsonElement canUseToolRequest, CancellationToken cancellationToken)
    {
        var request = canUseToolRequest.GetProperty("request");
        return SendControlSuccessAsync(canUseToolRequest, new JsonObject
        {
            ["behavior"] = "allow",
            ["updatedInput"] = JsonNode.Parse(request.GetProperty("input").GetRawText()),
            ["toolUseID"] = request.GetProperty("tool_use_id").GetString(),
        }, cancellationToken);
    }

    /// <summary>Answers a CLI <c>can_use_tool</c> request with deny and a message for the model.</summary>
    public Task DenyToolAsync(JsonElement canUseToolRequest, string message, CancellationToken cancellationToken) =>
        SendControlSuccessAsync(canUseToolRequest, new JsonObject
        {
            ["behavior"] = "deny",
            ["message"] = message,
            ["toolUseID"] = canUseToolRequest.GetProperty("request").GetProperty("tool_use_id").GetString(),
        }, cancellationToken);

    /// <summary>Replies success to a CLI → host <c>control_request</c>.</summary>
    public Task SendControlSuccessAsync(JsonElement controlRequest, JsonObject response, CancellationToken cancellationToken) =>
        SendAsync(new JsonObject
        {
            ["type"] = "control_response",
            ["response"] = new JsonObject
            {
                ["subtype"] = "success",
                ["request_id"] = controlRequest.GetProperty("request_id").GetString(),
                ["response"] = response,
            },
        }, cancellationToken);

    /// <summary>Closes stdin: the CLI finishes the running turn and exits.</summary>
    public void CloseStandardInput() => _process.StandardInput.Close();

    /// <summary>The next stdout line not read yet. Throws when the process exits first.</summary>
    public async Task<JsonElement> ReadLineAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _lines.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            await _process.WaitForExitAsync(cancellationToken);
            throw new InvalidOperationException(
                $"claude exited ({_process.ExitCode}) before the expected line. stderr: {Tail(StandardError)}");
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
        {
            // Keep the type (callers may rely on it), but say what the CLI was doing.
            throw new OperationCanceledException(
                $"Gave up waiting for a stdout line from claude. Last lines: {Describe(Lines.TakeLast(5))} stderr: {Tail(StandardError)}",
                exception,
                cancellationToken);
        }
    }

    private static string Describe(IEnumerable<JsonElement> lines) =>
        string.Join(" | ", lines.Select(l => l.GetRawText()).Select(t => t.Length <= 300 ? t : t[..300] + "…"));

    /// <summary>Reads (and consumes) lines until one matches; returns it.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> predicate, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (predicate(line))
            {
                return line;
            }
        }
    }

    /// <summary>Reads until a line of <paramref name="type"/> (and <paramref name="subtype"/> if given).</summary>
    public Task<JsonElement> WaitForTypeAsync(string type, string? subtype, CancellationToken cancellationToken) =>
        WaitForAsync(line => IsType(line, type, subtype), cancellationToken);

    /// <summary>Reads until the turn's <c>result</c> line.</summary>
    public Task<JsonElement> WaitForResultAsync(CancellationToken cancellationToken) =>
        WaitForTypeAsync("result", null, cancellationToken);

    /// <summary>Reads until a CLI → host <c>control_request</c> of <paramref name="subtype"/>.</summary>
    public Task<JsonElement> WaitForControlRequestAsync(string subtype, CancellationToken cancellationToken) =>
        WaitForAsync(line => IsType(line, "control_request", null)
            && line.GetProperty("request").GetProperty("subtype").GetString() == subtype, cancellationToken);

    /// <summary>Reads until the <c>control_response</c> to <paramref name="requestId"/>.</summary>
    public Task<JsonElement> WaitForControlResponseAsync(string requestId, CancellationToken cancellationToken) =>
        WaitForAsync(line => IsType(line, "control_response", null)
            && line.GetProperty("response").GetProperty("request_id").GetString() == requestId, cancellationToken);

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>True when <paramref name="line"/> has this <c>type</c> (and <c>subtype</c>, if given).</summary>
    public static bool IsType(JsonElement line, string type, string? subtype = null) =>
        line.ValueKind == JsonValueKind.Object
        && line.TryGetProperty("type", out var t) && t.GetString() == type
        && (subtype is null || (line.TryGetProperty("subtype", out var s) && s.GetString() == subtype));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
            await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        catch (OperationCanceledException)
        {
            // A stuck pipe must not hang the test run; the process itself is gone.
        }
        finally
        {
            _process.Dispose();
            _stdinLock.Dispose();
        }
    }

    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } text)
            {
                if (text.Length == 0)
                {
                    continue;
                }

                JsonElement line;
                try
                {
                    using var document = JsonDocument.Parse(text);
                    line = document.RootElement.Clone();
                }
                catch (JsonException)
                {
                    lock (_lock)
                    {
                        _nonJsonLines.Add(text);
                    }

                    continue;
                }

                lock (_lock)
                {
                    _history.Add(line);
                }

                _lines.Writer.TryWrite(line);
            }
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } text)
        {
            lock (_lock)
            {
                _stderr.AppendLine(text);
            }
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "…" + text[^2000..];
}
