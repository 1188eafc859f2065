using System.Net.WebSockets;
using System.Text.Json;
using Grove.Core.Terminals;
using Grove.Server.Streaming;

namespace Grove.Cli.Commands.Term;

/// <summary>Pumps keys to the terminal socket and its output back, until the shell exits, the user detaches or input ends.</summary>
internal sealed class TermSession(WebSocket socket, TermConsole console) : IDisposable
{
    private readonly SemaphoreSlim _sending = new(1, 1);

    /// <summary>Ctrl-] (as telnet): detach, leaving the shell running.</summary>
    public const byte DetachKey = 0x1d;

    public sealed record Result(int? ExitCode);

    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        console.Resized += size => _ = SendSizeAsync(size, stop.Token);
        if (console.Size is { } initial)
        {
            await SendSizeAsync(initial, stop.Token);
        }

        var receiving = ReceiveAsync(stop.Token);
        var sending = SendKeysAsync(stop.Token);
        var first = await Task.WhenAny(receiving, sending);
        await stop.CancelAsync();
        if (first == receiving)
        {
            return await receiving;
        }

        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "detached", CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Already gone.
        }

        return new Result(null);
    }

    private async Task<Result> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        int? exitCode = null;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                switch (result.MessageType)
                {
                    case WebSocketMessageType.Close:
                        return new Result(exitCode ?? 0);
                    case WebSocketMessageType.Binary:
                        await console.WriteAsync(buffer.AsMemory(0, result.Count), cancellationToken);
                        break;
                    default:
                        var control = JsonSerializer.Deserialize<TerminalControl>(buffer.AsSpan(0, result.Count), JsonSerializerOptions.Web);
                        exitCode = control?.Type == "exit" ? control.Code : exitCode;
                        break;
                }
            }
        }
        catch (WebSocketException)
        {
            return new Result(exitCode ?? ExitCodes.Failure);
        }
    }

    /// <summary>Ends when the user detaches or input ends (scripted input: then waits for the shell).</summary>
    private async Task SendKeysAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await console.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                // End of scripted input: the shell decides when it is done.
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var detach = Array.IndexOf(buffer, DetachKey, 0, read);
            var keys = buffer.AsMemory(0, detach >= 0 ? detach : read);
            if (!keys.IsEmpty)
            {
                await SendAsync(keys, WebSocketMessageType.Binary, cancellationToken);
            }

            if (detach >= 0)
            {
                return;
            }
        }
    }

    private async Task SendSizeAsync(TerminalSize size, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new TerminalControl("resize", size.Columns, size.Rows), JsonSerializerOptions.Web);
        try
        {
            await SendAsync(json, WebSocketMessageType.Text, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
            // The session is ending.
        }
    }

    /// <summary>One send at a time (keys and size changes come from different threads).</summary>
    private async Task SendAsync(ReadOnlyMemory<byte> message, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(message, type, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    public void Dispose() => _sending.Dispose();
}
