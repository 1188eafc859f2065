using System.Text.Json;
using Grove.Agents.ClaudeCode;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;

namespace Grove.Agents.Codex;

internal sealed partial class CodexSession
{
    private readonly SemaphoreSlim _threadLock = new(1, 1);
    private AgentInfo? _info;
    private AgentMode _mode;
    private bool _modeChanged;
    private InitEvent? _pendingInit;

    /// <summary>Codex's approval policy for every Grove mode: ask for anything not known to be safe. Grove's own policy answers from there.</summary>
    internal const string ApprovalPolicy = "untrusted";

    /// <summary>Plan mode runs read-only; every other mode may write in the worktree (edits and commands still ask).</summary>
    internal static string SandboxFor(AgentMode mode) => mode == AgentMode.Plan ? "read-only" : "workspace-write";

    public async Task<AgentInfo> InitializeAsync(CancellationToken cancellationToken = default) => await EnsureThreadAsync(cancellationToken);

    /// <summary>initialize → initialized → thread/resume (or thread/start; a lost thread starts fresh with a notice). Once per process.</summary>
    private async Task<AgentInfo> EnsureThreadAsync(CancellationToken cancellationToken)
    {
        await _threadLock.WaitAsync(cancellationToken);
        try
        {
            if (_info is not null)
            {
                return _info;
            }

            _mode = _settings.Mode;
            var userAgent = await HandshakeAsync(cancellationToken);

            CodexLine? thread = null;
            if (_settings.ResumeThreadId is { Length: > 0 } resume)
            {
                try
                {
                    thread = await RequestAsync("thread/resume", w =>
                    {
                        w.WriteString("threadId", resume);
                        WriteThreadSettings(w);
                    }, cancellationToken);
                }
                catch (GroveException ex) when (ex.Kind == ErrorKind.Conflict && !_process.HasExited)
                {
                    Publish(new SystemEvent("grove_notice", JsonSerializer.SerializeToElement(new
                    {
                        message = $"The Codex thread {resume} could not be resumed ({ex.Message}); Grove started a new one, so the agent does not remember the earlier conversation.",
                    })));
                }
            }

            thread ??= await RequestAsync("thread/start", WriteThreadSettings, cancellationToken);
            var result = thread.Result;
            _threadId = result.Property("thread")?.String("id")
                ?? throw new GroveException(ErrorKind.Unexpected, "Codex started a thread but did not say its id.");
            _mapper.ThreadId = _threadId;
            _mapper.Model = result.String("model") ?? _settings.Model;
            var version = CodexVersion.Parse(userAgent)?.ToString();
            var permissionMode = _mode == AgentMode.Plan ? PermissionModes.Plan : PermissionModes.Default;
            // Published after the first user message, in Claude's order (user, then init).
            _pendingInit = new InitEvent(_threadId)
            {
                Model = _mapper.Model,
                Cwd = result.String("cwd") ?? _settings.WorkingDirectory,
                CliVersion = version,
                Agent = "Codex",
                PermissionMode = permissionMode,
            };
            await _mapper.McpStartup.WaitSettledAsync(_settings.McpServers, CodexMcpConfig.StartupTimeout, TimeProvider.System, cancellationToken);
            _info = new AgentInfo
            {
                CliVersion = version,
                PermissionMode = permissionMode,
                ApiProvider = result.String("modelProvider"),
                Raw = result,
            };
            return _info;
        }
        finally
        {
            _threadLock.Release();
        }
    }

    /// <summary><c>initialize</c> then <c>initialized</c>; returns Codex's user agent (it carries the version).</summary>
    internal async Task<string?> HandshakeAsync(CancellationToken cancellationToken)
    {
        var initialized = await RequestAsync("initialize", w =>
        {
            w.WritePropertyName("clientInfo");
            w.WriteStartObject();
            w.WriteString("name", "grove");
            w.WriteString("title", "Grove");
            w.WriteString("version", typeof(CodexSession).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
            w.WriteEndObject();
        }, cancellationToken);
        await WriteAsync(CodexRpc.Notification("initialized"), null, cancellationToken);
        return initialized.Result.String("userAgent");
    }

    /// <summary>A stored thread with its turns and items (<c>thread/read</c>, <c>includeTurns</c>), on a process that has no thread of its own.</summary>
    internal async Task<JsonElement> ReadThreadAsync(string threadId, CancellationToken cancellationToken)
    {
        var read = await RequestAsync("thread/read", w =>
        {
            w.WriteString("threadId", threadId);
            w.WriteBoolean("includeTurns", true);
        }, cancellationToken);
        return read.Result.Property("thread") ?? throw new GroveException(ErrorKind.Unexpected, "Codex read a thread but did not return it.");
    }

    /// <summary>A new thread with <paramref name="threadId"/>'s turns up to and with <paramref name="lastTurnId"/> (<c>thread/fork</c>); returns its id.</summary>
    /// <remarks>The fork keeps the source's model provider, so this process must define it (see <see cref="CodexThreads"/>).</remarks>
    internal async Task<string> ForkThreadAsync(string threadId, string lastTurnId, CancellationToken cancellationToken)
    {
        var fork = await RequestAsync("thread/fork", w =>
        {
            w.WriteString("threadId", threadId);
            w.WriteString("lastTurnId", lastTurnId);
            w.WriteBoolean("excludeTurns", true);
        }, cancellationToken);
        return fork.Result.Property("thread")?.String("id") ?? throw new GroveException(ErrorKind.Unexpected, "Codex forked a thread but did not say its id.");
    }

    private void WriteThreadSettings(Utf8JsonWriter w)
    {
        w.WriteString("cwd", _settings.WorkingDirectory);
        w.WriteString("approvalPolicy", ApprovalPolicy);
        w.WriteString("sandbox", SandboxFor(_mode));
        if (_settings.Model is { Length: > 0 } model)
        {
            w.WriteString("model", model);
        }
    }

    /// <summary>Sends a request and waits for its answer; an error answer throws Conflict with Codex's message.</summary>
    private async Task<CodexLine> RequestAsync(string method, Action<Utf8JsonWriter>? writeParams, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextRequestId);
        var answer = new TaskCompletionSource<CodexLine>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingRequests[id] = answer;
        try
        {
            await WriteAsync(CodexRpc.Request(id, method, writeParams), null, cancellationToken);
            CodexLine line;
            try
            {
                line = await answer.Task.WaitAsync(_options.RequestTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new GroveException(ErrorKind.Timeout, $"Codex did not answer '{method}' within {_options.RequestTimeout.TotalSeconds:0} s.");
            }

            if (line.Error.ValueKind == JsonValueKind.Object)
            {
                throw new GroveException(ErrorKind.Conflict, line.ErrorMessage ?? $"Codex refused '{method}'.");
            }

            return line;
        }
        finally
        {
            _pendingRequests.TryRemove(id, out _);
        }
    }
}
