using Grove.Agents.Processes;
using Grove.Core.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grove.Agents.ClaudeCode;

/// <summary>
/// Starts Claude Code sessions: the program the run names, else the user's choice
/// (<see cref="IClaudeProgramChoice"/>: GROVE_CLAUDE_PATH, the <c>claude.path</c> setting), else the
/// located one; build the command, start the process.
/// </summary>
internal sealed class ClaudeCodeDriver(IClaudeLocator locator, ClaudeCodeOptions options, AgentHostEnvironment host, ILoggerFactory? loggerFactory = null, IClaudeProgramChoice? choice = null, ISecretRedactor? redactor = null) : IAgentDriver
{
    /// <summary>The kind stored on tabs that run Claude Code.</summary>
    public const string DriverKind = ClaudeCodeKind.Kind;

    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;

    public string Kind => DriverKind;

    public async Task<IAgentSession> StartAsync(AgentStartOptions startOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(startOptions);
        AgentProcess.RequireFolder(startOptions.WorkingDirectory);

        var executable = startOptions.ExecutablePath
            ?? (choice is null ? null : (await choice.GetAsync(cancellationToken)).ExecutablePath)
            ?? (await locator.LocateAsync(cancellationToken)).ExecutablePath;
        var command = ClaudeCommandBuilder.Build(executable, startOptions, host);
        return ClaudeSession.Start(command, options, startOptions.RawLogPath, _loggerFactory.CreateLogger<ClaudeSession>(), redactor);
    }
}
