using System.Threading.Channels;
using Grove.Core.Errors;
using Grove.Core.Terminals;
using Grove.Services.Terminals.Pty;

namespace Grove.Services.Terminals;

/// <summary>
/// One live terminal: a thread reads the pseudo-terminal, a pump batches what it read (whatever
/// arrives within <see cref="BatchWindow"/>, up to <see cref="MaxBatch"/> bytes: one message per
/// burst, not per byte) into the scrollback and to every attached client, and a thread waits for
/// the shell. When the shell exits the rest of its session is hung up (then killed), and the
/// terminal ends once its output is drained.
/// </summary>
internal sealed partial class TerminalSession
{
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(12);
    public const int MaxBatch = 64 * 1024;

    /// <summary>Batches a client may have waiting before it is dropped (it can reattach).</summary>
    public const int ClientBacklog = 1024;

    private static readonly TimeSpan HangUpGrace = TimeSpan.FromSeconds(2);

    private readonly IPty _pty;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly TerminalScrollback _scrollback = new();
    private readonly List<Channel<ReadOnlyMemory<byte>>> _clients = [];
    private readonly Channel<byte[]> _raw = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<(ReadOnlyMemory<byte> Input, TaskCompletionSource Done)> _input = Channel.CreateUnbounded<(ReadOnlyMemory<byte>, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private bool _isEnded;

    public TerminalSession(IPty pty, TerminalInfo info, TimeProvider time)
    {
        _pty = pty;
        _time = time;
        Info = info;
        StartThread(ReadLoop, $"Grove terminal {info.Id} reader");
        StartThread(() => _exited.TrySetResult(_pty.WaitForExit()), $"Grove terminal {info.Id} waiter");
        _ = RunAsync();
        _ = Task.Run(WriteLoopAsync);
    }

    public TerminalInfo Info { get; private set; }

    /// <summary>The shell's exit code once the terminal has ended.</summary>
    public Task<int> Ended => _ended.Task;

    public ITerminalConnection Attach()
    {
        var client = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(ClientBacklog) { SingleReader = true, SingleWriter = true });
        byte[] scrollback;
        lock (_lock)
        {
            scrollback = _scrollback.Snapshot();
            if (_isEnded)
            {
                client.Writer.TryComplete();
            }
            else
            {
                _clients.Add(client);
            }
        }

        return new Connection(this, client, scrollback);
    }

    public void Resize(TerminalSize size)
    {
        var clamped = size.Clamped();
        lock (_lock)
        {
            if (_isEnded)
            {
                return;
            }

            _pty.Resize(clamped);
            Info = Info with { Size = clamped };
        }
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_isEnded || !_input.Writer.TryWrite((input, done)))
        {
            throw EndedError();
        }

        await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Hangs the terminal up, kills what is left after a grace period, and waits for the end.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (!_ended.Task.IsCompleted)
        {
            _pty.HangUp();
            await WaitOrKillAsync(_ended.Task);
        }

        await _ended.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Kills at once (Grove is stopping).</summary>
    public void Kill()
    {
        if (!_ended.Task.IsCompleted)
        {
            _pty.Kill();
        }
    }

    /// <summary>Writes in order, blocking (the terminal's input queue may be full while the program is busy).</summary>
    private async Task WriteLoopAsync()
    {
        await foreach (var (input, done) in _input.Reader.ReadAllAsync())
        {
            try
            {
                _pty.Write(input.Span);
                done.TrySetResult();
            }
            catch (GroveException ex)
            {
                done.TrySetException(ex);
            }
        }
    }

    private static GroveException EndedError() => new(ErrorKind.Conflict, "The terminal has ended; nothing more can be typed into it.");

    private void ReadLoop()
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = _pty.Read(buffer);
            if (read <= 0)
            {
                break;
            }

            _raw.Writer.TryWrite(buffer[..read]);
        }

        _raw.Writer.TryComplete();
    }

    private async Task RunAsync()
    {
        var pump = PumpAsync();
        if (await Task.WhenAny(_exited.Task, pump) == _exited.Task && !pump.IsCompleted)
        {
            // The shell is gone; jobs it left behind still hold the terminal open.
            _pty.HangUp();
            await WaitOrKillAsync(pump);
        }

        await pump;
        if (!_exited.Task.IsCompleted)
        {
            // Output closed while the shell lives on (it closed its descriptors): end it too.
            _pty.Kill();
        }

        var code = await _exited.Task;

        // Whatever the session left behind (a nohup'd job that ignored the hang-up) ends with it.
        _pty.Kill();
        lock (_lock)
        {
            _isEnded = true;
            foreach (var client in _clients)
            {
                client.Writer.TryComplete();
            }

            _clients.Clear();
        }

        _input.Writer.TryComplete();
        while (_input.Reader.TryRead(out var pending))
        {
            pending.Done.TrySetException(EndedError());
        }

        _pty.Dispose();
        _ended.TrySetResult(code);
    }

    private async Task WaitOrKillAsync(Task task)
    {
        using var grace = new CancellationTokenSource(HangUpGrace, _time);
        if (await Task.WhenAny(task, Task.Delay(Timeout.Infinite, grace.Token)) != task)
        {
            _pty.Kill();
        }
    }

    private async Task PumpAsync()
    {
        var reader = _raw.Reader;
        var batch = new MemoryStream();
        while (await reader.WaitToReadAsync())
        {
            // Let a burst gather: one message for what a command prints at once.
            using (var window = new CancellationTokenSource(BatchWindow, _time))
            {
                await Task.WhenAny(reader.Completion, Task.Delay(Timeout.Infinite, window.Token));
            }

            batch.SetLength(0);
            while (batch.Length < MaxBatch && reader.TryRead(out var chunk))
            {
                batch.Write(chunk);
            }

            Publish(batch.ToArray());
        }
    }

    private void Publish(byte[] output)
    {
        lock (_lock)
        {
            _scrollback.Append(output);
            for (var i = _clients.Count - 1; i >= 0; i--)
            {
                if (!_clients[i].Writer.TryWrite(output))
                {
                    _clients[i].Writer.TryComplete(new GroveException(ErrorKind.Conflict, "This client fell too far behind the terminal's output; reattach to catch up."));
                    _clients.RemoveAt(i);
                }
            }
        }
    }

    private void Detach(Channel<ReadOnlyMemory<byte>> client)
    {
        lock (_lock)
        {
            _clients.Remove(client);
        }

        client.Writer.TryComplete();
    }

    private static void StartThread(Action action, string name) =>
        new Thread(() => action()) { IsBackground = true, Name = name }.Start();

    private sealed class Connection(TerminalSession session, Channel<ReadOnlyMemory<byte>> client, byte[] scrollback) : ITerminalConnection
    {
        public TerminalInfo Terminal => session.Info;

        public ReadOnlyMemory<byte> Scrollback => scrollback;

        public ChannelReader<ReadOnlyMemory<byte>> Output => client.Reader;

        public Task<int> Ended => session.Ended;

        public Task WriteAsync(ReadOnlyMemory<byte> input, CancellationToken cancellationToken = default) =>
            session.WriteAsync(input, cancellationToken);

        public void Resize(TerminalSize size) => session.Resize(size);

        public void Dispose() => session.Detach(client);
    }
}
