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

    public string Kind => DriverKind;

    public async Task<IAgentSession> StartAsync(AgentStartOptions startOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(startOptions);
        AgentProcess.RequireFolder(startOptions.WorkingDirectory);

        var executable = startOptions.ExecutablePath ?? (await locator.LocateAsync(cancellationToken)).ExecutablePath;
        var command = CodexCommandBuilder.Build(executable, startOptions, host, options);
        var settings = new CodexSessionSettings(startOptions.WorkingDirectory, startOptions.ResumeSessionId, startOptions.Mode, startOptions.Model, startOptions.RawLogPath);
        return CodexSession.Start(command, options, settings, _loggerFactory.CreateLogger<CodexSession>());
    }
}
