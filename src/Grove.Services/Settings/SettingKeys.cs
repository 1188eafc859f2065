using Grove.Core.Errors;

namespace Grove.Services;

/// <summary>The settings Grove understands, with their validation. Secrets never go here (see credentials).</summary>
public static class SettingKeys
{
    /// <summary>Root folder for new worktrees (absolute path).</summary>
    public const string WorktreeRoot = "worktree.root";

    /// <summary>Folder new clones go under (<c>&lt;root&gt;/&lt;repo&gt;</c>); absolute or <c>~/…</c>; default <c>~/code</c>.</summary>
    public const string ProjectsRoot = "projects.root";

    public const string ClaudePath = "claude.path";
    public const string AnthropicBaseUrl = "anthropic.base_url";

    /// <summary>The <c>codex</c> executable Codex tabs run (absolute path); default: found on PATH, npm, nvm, Grove's own install.</summary>
    public const string CodexPath = "codex.path";

    /// <summary>An OpenAI-compatible Responses API base URL for Codex tabs (e.g. <c>http://127.0.0.1:8080/v1</c>).</summary>
    public const string CodexBaseUrl = "codex.base_url";

    /// <summary>The model Codex tabs use when the tab names none (default: Codex's own default).</summary>
    public const string CodexModel = "codex.model";

    public const string OllamaUrl = "ollama.url";
    public const string OllamaModel = "ollama.model";
    public const string UseOllama = "agent.use_ollama";

    /// <summary>The mode new agent tabs start in: <c>agent</c> (default) or <c>plan</c>.</summary>
    public const string DefaultAgentMode = "agent.default_mode";

    /// <summary>The agent kind new tabs run when none is chosen (e.g. <c>claude-code</c>, <c>codex</c>); default <c>claude-code</c>.</summary>
    public const string DefaultAgentKind = "agents.default_kind";

    /// <summary>Minutes without a turn after which an agent process is stopped (parked); 0 = never. Default 10.</summary>
    public const string AgentIdleMinutes = "agents.idle_minutes";

    /// <summary>The GitHub REST API base, set outright (proxies, tests); else from the remote's host.</summary>
    public const string GitHubApiUrl = "github.api_url";

    /// <summary>The secret holding a GitHub token (first in the token order).</summary>
    public const string GitHubTokenSecret = "github.token";

    /// <summary>The loopback port of the MCP OAuth sign-in callback (<c>http://127.0.0.1:PORT/callback</c>).</summary>
    public const string McpOAuthCallbackPort = "mcp.oauth_callback_port";

    /// <summary>The account backend's base URL (the seed's); unset, Grove never contacts one. GROVE_API_URL also sets it.</summary>
    public const string AccountApiUrl = "account.api_url";

    /// <summary>The callback port when <see cref="McpOAuthCallbackPort"/> is not set.</summary>
    public const int DefaultMcpOAuthCallbackPort = 3001;
    /// <summary>Seconds an MCP server probe may take (default 30).</summary>
    public const string McpProbeTimeout = "mcp.probe_timeout";
    /// <summary>The first port of the first workspace's range (each workspace gets 10 ports from here up); default 41000.</summary>
    public const string PortsBase = "ports.base";

    public const int DefaultPortsBase = 41000;
    /// <summary>At most this many agents run a turn at once (admission control); later turns wait in order.</summary>
    public const string MaxRunning = "agents.max_running";

    /// <summary>At most this many agents of one project run a turn at once.</summary>
    public const string MaxRunningPerProject = "agents.max_running_per_project";

    /// <summary>New turns wait while the machine has less available memory than this (MB).</summary>
    public const string MinFreeMemoryMb = "agents.min_free_memory_mb";

    /// <summary>true: a running turn is interrupted when a budget it spends against is reached.</summary>
    public const string BudgetsInterruptRunning = "budgets.interrupt_running";

    /// <summary>true: send anonymous usage events (PostHog) when a project key is set; default false.</summary>
    public const string AnalyticsOptIn = "telemetry.analytics";

    /// <summary>The PostHog project key analytics sends with (or <c>GROVE_POSTHOG_KEY</c>); Grove has none built in.</summary>
    public const string PostHogKey = "telemetry.posthog_key";

    /// <summary>The PostHog host (or <c>GROVE_POSTHOG_HOST</c>); default https://us.i.posthog.com.</summary>
    public const string PostHogHost = "telemetry.posthog_host";

    /// <summary>The file log's level: trace, debug, information (default), warning, error. GROVE_LOG_LEVEL wins.</summary>
    public const string LogsLevel = "logs.level";

    /// <summary>A Sentry DSN: crash reports are sent only when this (or GROVE_SENTRY_DSN) is set.</summary>
    public const string SentryDsn = "telemetry.sentry_dsn";

    /// <summary>The transcription model for voice input (default <c>whisper-1</c>).</summary>
    public const string VoiceModel = "voice.model";

    /// <summary>An OpenAI-compatible transcription server (e.g. a local Whisper server); <c>/v1</c> is added when missing.</summary>
    public const string VoiceBaseUrl = "voice.base_url";

    /// <summary>The secret holding an OpenAI API key: Codex tabs' OPENAI_API_KEY and voice input's key (first in each one's order).</summary>
    public const string OpenAIKeySecret = "openai.api_key";

    /// <summary>The update manifest's URL; empty (the default) means Grove never checks for updates.</summary>
    public const string UpdatesUrl = "updates.url";

    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        [AnalyticsOptIn] = "true: send anonymous usage events (no paths, prompts, code or branch names) to the PostHog project below; default false",
        [PostHogKey] = "PostHog project key for usage analytics (GROVE_POSTHOG_KEY also sets it); none is built in",
        [PostHogHost] = "PostHog host for usage analytics (GROVE_POSTHOG_HOST also sets it); default https://us.i.posthog.com",
        [UpdatesUrl] = "URL of the update manifest (JSON) Grove checks at start-up and when the UI regains focus; empty (default) = never checked",
        [MaxRunning] = "At most this many agents run a turn at once; later turns wait in order (default max(2, min(cores x 2, available GB x 2)))",
        [MaxRunningPerProject] = "At most this many agents of one project run a turn at once (default: no per-project cap)",
        [MinFreeMemoryMb] = "New turns wait while less memory than this is available, in MB (default 1024; 0 turns the check off)",
        [BudgetsInterruptRunning] = "true: interrupt running turns when a budget is reached (default false: they finish)",
        [WorktreeRoot] = "Folder new worktrees go under (<root>/<project>/<workspace>); default <data>/worktrees",
        [ProjectsRoot] = "Folder 'grove project clone' and Clone from GitHub put new clones under (<root>/<repo>); absolute or ~/...; default ~/code",
        [ClaudePath] = "The claude executable to run (default: found on PATH, npm, nvm, ~/.claude/local, Grove's own install)",
        [AnthropicBaseUrl] = "A custom Anthropic API base URL (self-hosted gateway)",
        [CodexPath] = "The codex executable Codex tabs run (default: found on PATH, npm, nvm, Grove's own install)",
        [CodexBaseUrl] = "An OpenAI-compatible Responses API base URL for Codex tabs, e.g. http://127.0.0.1:8080/v1",
        [CodexModel] = "The model Codex tabs use when the tab names none (default: Codex's default)",
        [OllamaUrl] = "Ollama server URL (default http://localhost:11434)",
        [OllamaModel] = "Ollama model to use (setting it enables Ollama when no API key is set)",
        [UseOllama] = "true: always run agents on Ollama (offline mode)",
        [DefaultAgentMode] = "The mode new agent tabs start in: agent (default) or plan",
        [DefaultAgentKind] = "The agent new tabs run when none is chosen: claude-code (default), or another kind from 'grove agents'",
        [AgentIdleMinutes] = "Minutes without a turn before an agent process is stopped (parked; the next message resumes it); 0 = never, default 10",
        [McpProbeTimeout] = "Seconds an MCP server probe may take before it counts as failed (default 30)",
        [PortsBase] = "First port handed to workspaces (each gets 10: GROVE_PORT .. +9); default 41000",
        [GitHubApiUrl] = "GitHub REST API base (default: from origin's host; GROVE_GITHUB_API_URL also sets it)",
        [AccountApiUrl] = "The account backend's base URL for optional sign-in (default: none, nothing is contacted; GROVE_API_URL also sets it)",
        [McpOAuthCallbackPort] = "Port of the MCP sign-in callback http://127.0.0.1:PORT/callback (default 3001)",
        [LogsLevel] = "Level of the log files in <data>/logs: trace, debug, information (default), warning or error; GROVE_LOG_LEVEL wins",
        [SentryDsn] = "Sentry DSN for crash reports (empty: nothing is sent; GROVE_SENTRY_DSN also sets it; never sent in Development)",
        [VoiceModel] = "Transcription model for voice input (default whisper-1)",
        [VoiceBaseUrl] = "An OpenAI-compatible transcription server for voice input, e.g. a local Whisper server (default https://api.openai.com/v1; /v1 is added when missing)",
    };

    /// <summary>Refuses a key Grove does not know.</summary>
    public static string EnsureKnown(string key) =>
        Descriptions.ContainsKey(key)
            ? key
            : throw new GroveException(ErrorKind.InvalidInput, $"Unknown setting '{key}'. Known: {string.Join(", ", Descriptions.Keys)}.");

    /// <summary>Checks a key and value; returns the value to store (normalised).</summary>
    public static string Validate(string key, string value)
    {
        EnsureKnown(key);

        if (key == WorktreeRoot)
        {
            if (!Path.IsPathFullyQualified(value))
            {
                throw new GroveException(ErrorKind.InvalidInput, $"'{WorktreeRoot}' must be an absolute path.");
            }

            if (File.Exists(value))
            {
                throw new GroveException(ErrorKind.InvalidInput, $"'{value}' is a file, not a folder.");
            }

            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(value));
        }

        if (key == ProjectsRoot)
        {
            var trimmed = value.Trim();
            if (!(trimmed == "~" || trimmed.StartsWith("~/", StringComparison.Ordinal) || Path.IsPathFullyQualified(trimmed)))
            {
                throw new GroveException(ErrorKind.InvalidInput, $"'{ProjectsRoot}' must be an absolute path or start with ~/.");
            }

            if (File.Exists(trimmed))
            {
                throw new GroveException(ErrorKind.InvalidInput, $"'{trimmed}' is a file, not a folder.");
            }

            return trimmed.Length > 1 ? trimmed.TrimEnd('/') : trimmed;
        }

        if (key is (AnthropicBaseUrl or CodexBaseUrl or OllamaUrl or GitHubApiUrl or PostHogHost or AccountApiUrl or VoiceBaseUrl or UpdatesUrl) &&
            (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{key}' must be an http(s) URL.");
        }

        if (key is MaxRunning or MaxRunningPerProject && (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cap) || cap < 1))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{key}' is a whole number of agents, at least 1.");
        }

        if (key == MinFreeMemoryMb && !int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{MinFreeMemoryMb}' is a whole number of MB (0 turns the check off).");
        }

        if (key is UseOllama or BudgetsInterruptRunning or AnalyticsOptIn && value is not ("true" or "false"))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{key}' is true or false.");
        }

        if (key == UseOllama && value is not ("true" or "false"))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{UseOllama}' is true or false.");
        }

        if (key == DefaultAgentMode)
        {
            return value.Trim().ToLowerInvariant() is ("agent" or "plan") and var mode
                ? mode
                : throw new GroveException(ErrorKind.InvalidInput, $"'{DefaultAgentMode}' is agent or plan.");
        }

        if (key == AgentIdleMinutes)
        {
            return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes) && minutes <= 7 * 24 * 60
                ? minutes.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : throw new GroveException(ErrorKind.InvalidInput, $"'{AgentIdleMinutes}' is a whole number of minutes (0 = never park).");
        }

        if (key == McpOAuthCallbackPort)
        {
            return int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
                ? port.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : throw new GroveException(ErrorKind.InvalidInput, $"'{McpOAuthCallbackPort}' is a port number (1-65535).");
        }

        if (key == McpProbeTimeout)
        {
            return int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 600
                ? seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : throw new GroveException(ErrorKind.InvalidInput, $"'{McpProbeTimeout}' is a number of seconds from 1 to 600.");
        }

        if (key == PortsBase)
        {
            return int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var first) && first is >= 1024 and <= 65000
                ? first.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : throw new GroveException(ErrorKind.InvalidInput, $"'{PortsBase}' is a port between 1024 and 65000.");
        }

        if (key == LogsLevel)
        {
            return Logging.GroveLogLevel.Parse(value) switch
            {
                Microsoft.Extensions.Logging.LogLevel.Trace => "trace",
                Microsoft.Extensions.Logging.LogLevel.Debug => "debug",
                Microsoft.Extensions.Logging.LogLevel.Information => "information",
                Microsoft.Extensions.Logging.LogLevel.Warning => "warning",
                Microsoft.Extensions.Logging.LogLevel.Error => "error",
                _ => "critical",
            };
        }

        if (key == SentryDsn && (!Uri.TryCreate(value, UriKind.Absolute, out var dsn) || dsn.Scheme is not ("http" or "https") || string.IsNullOrEmpty(dsn.UserInfo)))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{SentryDsn}' must be a Sentry DSN (https://key@host/project).");
        }

        if (key == DefaultAgentKind)
        {
            var kind = value.Trim().ToLowerInvariant();
            return kind.Length is > 0 and <= 40 && kind.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
                ? kind
                : throw new GroveException(ErrorKind.InvalidInput, $"'{DefaultAgentKind}' is an agent kind such as claude-code (see 'grove agents').");
        }

        if (key is ClaudePath or CodexPath && !Path.IsPathFullyQualified(value))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{key}' must be an absolute path.");
        }

        return value;
    }

    /// <summary>Secrets Grove keeps encrypted (never in settings, never printed).</summary>
    public static IReadOnlyDictionary<string, string> Secrets { get; } = new Dictionary<string, string>
    {
        ["anthropic.api_key"] = "ANTHROPIC_API_KEY for agents",
        ["anthropic.auth_token"] = "ANTHROPIC_AUTH_TOKEN for agents (gateways)",
        ["claude.oauth_token"] = "A Claude subscription token (claude setup-token), passed as CLAUDE_CODE_OAUTH_TOKEN",
        [GitHubTokenSecret] = "A GitHub token for pull requests (else GH_TOKEN/GITHUB_TOKEN, gh auth token, git credential)",
        [OpenAIKeySecret] = "An OpenAI API key for Codex tabs and voice input (else OPENAI_API_KEY; voice also GROVE_OPENAI_API_KEY and your login shell's)",
    };

    /// <summary>Refuses a secret name Grove does not know.</summary>
    public static string EnsureKnownSecret(string name) =>
        Secrets.ContainsKey(name)
            ? name
            : throw new GroveException(ErrorKind.InvalidInput, $"Unknown secret '{name}'. Known: {string.Join(", ", Secrets.Keys)}.");
}
