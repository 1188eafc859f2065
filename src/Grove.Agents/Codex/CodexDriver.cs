using Grove.Agents.Processes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grove.Agents.Codex;

/// <summary>Starts Codex sessions: locate the CLI (unless the run names one), build <c>codex app-server</c>, start the process.</summary>
internal sealed class CodexDriver(ICodexLocator locator, CodexOptions options, AgentHostEnvironment host, ILoggerFactory? loggerFactory = null) : IAgentDriver
{
    /// <summary>The kind stored on tabs that run Codex.</summary>
    public const string DriverKind = "codex";

    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<CodexDriver>();

    public string Kind => DriverKind;

    public async Task<IAgentSession> StartAsync(AgentStartOptions startOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(startOptions);
        AgentProcess.RequireFolder(startOptions.WorkingDirectory);

        var executable = startOptions.ExecutablePath ?? (await locator.LocateAsync(cancellationToken)).ExecutablePath;
        var command = CodexCommandBuilder.Build(executable, startOptions, host, options);
        foreach (var (name, reason) in command.SkippedMcpServers)
        {
            _logger.LogWarning("Codex run in {Folder}: MCP server {Server} left out: {Reason}", startOptions.WorkingDirectory, name, reason);
        }

        var settings = new CodexSessionSettings(startOptions.WorkingDirectory, startOptions.ResumeSessionId, startOptions.Mode, CodexCommandBuilder.Model(startOptions), startOptions.RawLogPath) { McpServers = command.McpServers };
        return CodexSession.Start(command, options, settings, _loggerFactory.CreateLogger<CodexSession>());
    }
}
