using System.Threading.Channels;

namespace Grove.Cli.Commands.Run;

/// <summary>
/// The answers typed at <c>grove run</c>'s prompts, read line by line on a thread of their own so a
/// prompt can stop waiting (the request was answered elsewhere) without losing a line or leaving a
/// read in flight on the reader: a line typed later goes to the next prompt. Null means the input ended.
/// </summary>
internal sealed class PromptInput(TextReader reader)
{
    private readonly Channel<string?> _lines = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private int _started;

    /// <summary>The next line, or null when the input has ended. Cancelling leaves the line for the next call.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            // A console read cannot be cancelled, so it runs on its own thread for the rest of the process.
            _ = Task.Factory.StartNew(Pump, CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
        }

        if (!await _lines.Reader.WaitToReadAsync(cancellationToken))
        {
            return null;
        }

        return _lines.Reader.TryRead(out var line) ? line : null;
    }

    private void Pump()
    {
        try
        {
            while (reader.ReadLine() is { } line)
            {
                _lines.Writer.TryWrite(line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // A closed input ends like an empty one.
        }

        _lines.Writer.TryComplete();
    }
}
