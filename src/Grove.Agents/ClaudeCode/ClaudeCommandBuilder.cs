using System.Text;
using Grove.Core.Domain;

namespace Grove.Agents.ClaudeCode;

/// <summary>Builds the bidirectional stream-json command line (docs §4) and its filtered environment.</summary>
internal static class ClaudeCommandBuilder
{
    /// <summary>Longest AGENTS.md passed on the command line (Linux caps one argument at 128 KB).</summary>
    public const int MaxAgentsMdBytes = 100 * 1024;

    public static IReadOnlyList<string> BaseArguments { get; } =
    [
        "--input-format", "stream-json",
        "--output-format", "stream-json",
        "--verbose",
        "--permission-prompt-tool", "stdio",
        "--include-partial-messages",
    ];

    public static ClaudeCommand Build(string executable, AgentStartOptions options, AgentHostEnvironment host)
    {
        var auth = ClaudeAuthResolver.Resolve(options.Auth, host.Variables);
        var arguments = new List<string>(BaseArguments);
        if (!string.IsNullOrWhiteSpace(options.ResumeSessionId))
        {
            arguments.AddRange(["--resume", options.ResumeSessionId]);
        }

        var model = auth.Model ?? options.Model;
        if (!string.IsNullOrWhiteSpace(model))
        {
            arguments.AddRange(["--model", model]);
        }

        if (options.MaxTurns is { } maxTurns)
        {
            arguments.AddRange(["--max-turns", maxTurns.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        if (options.Mode == AgentMode.Plan)
        {
            arguments.AddRange(["--permission-mode", "plan"]);
        }

        if (options.AppendAgentsMd && ReadAgentsMd(options.WorkingDirectory) is { } agentsMd)
        {
            arguments.AddRange(["--append-system-prompt", agentsMd]);
        }

        var runValues = new Dictionary<string, string>(auth.Variables);
        if (options.DisableNonessentialTraffic)
        {
            foreach (var (key, value) in AgentEnvironment.NonessentialTrafficSwitches)
            {
                runValues[key] = value;
            }
        }

        foreach (var (key, value) in options.Environment ?? new Dictionary<string, string>())
        {
            runValues[key] = value;
        }

        var environment = AgentEnvironment.Build(host.Variables, runValues);
        if (options.McpServers is { } servers)
        {
            // Every name Claude has or inherits: the stdio servers it spawns get none that a tool server must not see.
            var folder = options.RunFolder ?? throw new ArgumentException("McpServers needs a RunFolder for Claude's --mcp-config file.", nameof(options));
            var path = ClaudeMcpConfig.Write(folder, servers, environment.Keys.Concat(host.Variables.Keys));
            arguments.AddRange(["--mcp-config", path, "--strict-mcp-config"]);
        }

        return new ClaudeCommand(executable, arguments, environment, options.WorkingDirectory, auth.Source);
    }

    /// <summary>The worktree's AGENTS.md text, or null when absent, empty or unreadable; cut at <see cref="MaxAgentsMdBytes"/>.</summary>
    internal static string? ReadAgentsMd(string workingDirectory)
    {
        var path = Path.Combine(workingDirectory, "AGENTS.md");
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var stream = File.OpenRead(path);
            var buffer = new byte[MaxAgentsMdBytes];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var text = new UTF8Encoding(false, false).GetString(buffer, 0, read).Replace("\0", string.Empty, StringComparison.Ordinal).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
