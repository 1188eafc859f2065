using System.Text.Json;
using Grove.Agents.ClaudeCode;
using Grove.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grove.Agents.Codex;

/// <summary>
/// Codex's stored threads (under <c>CODEX_HOME</c>), read and forked through a short-lived
/// <c>codex app-server</c> (<c>thread/read</c>, <c>thread/fork</c>) rather than by reading Codex's
/// rollout files, whose format is Codex's own: the app-server returns the same items, with the same
/// ids, as it streamed while the turn ran.
/// </summary>
internal sealed class CodexThreads(ICodexLocator locator, CodexOptions options, AgentHostEnvironment host, ILoggerFactory? loggerFactory = null)
{
    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;

    /// <summary>
    /// The base URL of the <c>grove</c> provider in a process that only forks. Codex refuses to fork
    /// (or later resume) a thread whose provider its configuration lacks, and a resumed thread cannot
    /// change provider; the fork never calls the model, so only the provider's name matters here. The
    /// tab that resumes the fork defines the provider with the real <c>codex.base_url</c>.
    /// </summary>
    private const string ForkOnlyBaseUrl = "http://127.0.0.1:9/not-called-by-thread-fork";

    /// <summary>The thread with its turns and items.</summary>
    public Task<JsonElement> ReadAsync(string home, string threadId, CancellationToken cancellationToken) =>
        WithServerAsync(home, null, session => session.ReadThreadAsync(threadId, cancellationToken), cancellationToken);

    /// <summary>
    /// A new thread holding <paramref name="threadId"/>'s turns up to and with the turn that holds
    /// <paramref name="itemId"/>; returns its id. NotFound when the thread or the item is not there.
    /// </summary>
    public async Task<string> ForkAtItemAsync(string home, string threadId, string itemId, CancellationToken cancellationToken)
    {
        JsonElement thread;
        try
        {
            thread = await ReadAsync(home, threadId, cancellationToken);
        }
        catch (GroveException ex) when (ex.Kind is ErrorKind.Conflict)
        {
            throw new GroveException(ErrorKind.NotFound, $"The Codex thread '{threadId}' is not on this machine ({ex.Message}).", ex);
        }

        var turnId = thread.Array("turns")
            .FirstOrDefault(turn => turn.Array("items").Any(item => item.String("id") == itemId))
            .String("id")
            ?? throw new GroveException(ErrorKind.NotFound, $"Message '{itemId}' is not in Codex thread '{threadId}'.");
        var provider = thread.String("modelProvider") == CodexCommandBuilder.ProviderName ? ForkOnlyBaseUrl : null;
        return await WithServerAsync(home, provider, session => session.ForkThreadAsync(threadId, turnId, cancellationToken), cancellationToken);
    }

    private async Task<T> WithServerAsync<T>(string home, string? providerBaseUrl, Func<CodexSession, Task<T>> use, CancellationToken cancellationToken)
    {
        var executable = (await locator.LocateAsync(cancellationToken)).ExecutablePath;
        var folder = Directory.Exists(home) ? home : Path.GetTempPath();
        var start = new AgentStartOptions
        {
            WorkingDirectory = folder,
            Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["HOME"] = home },
            Auth = providerBaseUrl is null ? null : new AgentAuth { OpenAiBaseUrl = providerBaseUrl },
        };
        var command = CodexCommandBuilder.Build(executable, start, host, options);
        await using var session = CodexSession.Start(command, options, new CodexSessionSettings(folder, null, default, null, null), _loggerFactory.CreateLogger<CodexThreads>());
        try
        {
            await session.HandshakeAsync(cancellationToken);
            return await use(session);
        }
        finally
        {
            await session.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        }
    }
}
