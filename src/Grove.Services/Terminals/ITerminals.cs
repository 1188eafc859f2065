using System.Threading.Channels;
using Grove.Core.Terminals;

namespace Grove.Services.Terminals;

/// <summary>
/// Terminals of workspaces: the user's shell on a pseudo-terminal in the worktree, kept by the
/// server with a bounded scrollback, so any number of clients (browser tabs, <c>grove term</c>)
/// attach, detach and reattach with history. A terminal ends when its shell exits, when it is
/// closed, or when its workspace is archived or deleted.
/// </summary>
public interface ITerminals
{
    /// <summary>Starts a new terminal in the workspace (id, name or <c>project/name</c>).</summary>
    Task<TerminalInfo> OpenAsync(string workspace, TerminalSize? size = null, CancellationToken cancellationToken = default);

    /// <summary>The workspace's live terminals, oldest first.</summary>
    Task<IReadOnlyList<TerminalInfo>> ListAsync(string workspace, CancellationToken cancellationToken = default);

    /// <summary>Connects to a terminal of the workspace; NotFound when it has ended or is not the workspace's.</summary>
    Task<ITerminalConnection> AttachAsync(string workspace, string terminalId, CancellationToken cancellationToken = default);

    /// <summary>Ends the terminal (hang-up, then kill of its whole session); done when it has ended.</summary>
    Task CloseAsync(string workspace, string terminalId, CancellationToken cancellationToken = default);
}

/// <summary>One client's connection to a terminal. Dispose to detach (the terminal keeps running).</summary>
public interface ITerminalConnection : IDisposable
{
    TerminalInfo Terminal { get; }

    /// <summary>The output kept before this connection was made (replay it first).</summary>
    ReadOnlyMemory<byte> Scrollback { get; }

    /// <summary>
    /// Output since, in batches; completes when the terminal ends, or with a
    /// <see cref="Grove.Core.Errors.GroveException"/> when this client fell too far behind.
    /// </summary>
    ChannelReader<ReadOnlyMemory<byte>> Output { get; }

    /// <summary>The shell's exit code when the terminal ends (128 + signal when killed).</summary>
    Task<int> Ended { get; }

    /// <summary>Types into the terminal (keys as the terminal sends them: UTF-8, Ctrl-C is 0x03).</summary>
    Task WriteAsync(ReadOnlyMemory<byte> input, CancellationToken cancellationToken = default);

    void Resize(TerminalSize size);
}
