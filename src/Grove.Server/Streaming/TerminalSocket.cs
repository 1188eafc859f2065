using System.Net.WebSockets;
using System.Text.Json;
using Grove.Core.Errors;
using Grove.Core.Terminals;
using Grove.Services.Terminals;

namespace Grove.Server.Streaming;

/// <summary>A control message on a terminal socket (text frame, JSON).</summary>
/// <param name="Type"><c>resize</c> (client → server) or <c>exit</c> (server → client, then the socket closes).</param>
public sealed record TerminalControl(string Type, int? Columns = null, int? Rows = null, int? Code = null);

/// <summary>
/// One client on a terminal over a WebSocket. Server → client: binary frames of output (first the
/// scrollback, then live batches), and when the terminal ends a text frame
/// <c>{"type":"exit","code":N}</c> and a normal close. Client → server: binary frames are keys
/// (UTF-8 as the terminal sends them; Ctrl-C is 0x03), text frames are control messages
/// (<c>{"type":"resize","columns":C,"rows":R}</c>). Closing the socket detaches; the terminal runs on.
/// </summary>
internal static class TerminalSocket
{
    private const int MaxControlBytes = 4096;
    private const int MaxFrame = 64 * 1024;

    public static async Task RunAsync(string workspace, string terminal, HttpContext context, ITerminals terminals)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw new GroveException(ErrorKind.InvalidInput, "This endpoint takes a WebSocket connection.");
        }

        // Attach before the upgrade: an unknown terminal is still a ProblemDetails 404.
        using var connection = await terminals.AttachAsync(workspace, terminal, context.RequestAborted);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var sending = SendAsync(socket, connection, stop.Token);
        try
        {
            await ReceiveAsync(socket, connection, stop.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away: detach.
        }
        finally
        {
            await stop.CancelAsync();
        }

        try
        {
            await sending;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Stopped because the client left.
        }

        if (socket.State == WebSocketState.CloseReceived)
        {
            // The client detached: finish the close handshake (only now: one sender at a time).
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Gone already.
            }
        }
    }

    private static async Task SendAsync(WebSocket socket, ITerminalConnection connection, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < connection.Scrollback.Length; offset += MaxFrame)
        {
            var part = connection.Scrollback[offset..Math.Min(connection.Scrollback.Length, offset + MaxFrame)];
            await socket.SendAsync(part, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }

        try
        {
            await foreach (var batch in connection.Output.ReadAllAsync(cancellationToken))
            {
                await socket.SendAsync(batch, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
            }
        }
        catch (GroveException ex)
        {
            // Fell too far behind: say so and close; the client reattaches with the scrollback.
            await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, ex.Message, cancellationToken);
            return;
        }

        var code = await connection.Ended.WaitAsync(cancellationToken);
        var exit = JsonSerializer.SerializeToUtf8Bytes(new TerminalControl("exit", Code: code), JsonSerializerOptions.Web);
        await socket.SendAsync(exit, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "terminal ended", cancellationToken);
    }

    private static async Task ReceiveAsync(WebSocket socket, ITerminalConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var control = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                if (result.Count > 0 && !connection.Ended.IsCompleted)
                {
                    await connection.WriteAsync(buffer.AsMemory(0, result.Count), cancellationToken);
                }

                continue;
            }

            control.Write(buffer, 0, result.Count);
            if (control.Length > MaxControlBytes)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "control message too long", cancellationToken);
                return;
            }

            if (result.EndOfMessage)
            {
                Apply(control.ToArray(), connection);
                control.SetLength(0);
            }
        }
    }

    private static void Apply(byte[] json, ITerminalConnection connection)
    {
        TerminalControl? message;
        try
        {
            message = JsonSerializer.Deserialize<TerminalControl>(json, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return;
        }

        if (message is { Type: "resize", Columns: > 0 and var columns, Rows: > 0 and var rows })
        {
            connection.Resize(new TerminalSize(columns, rows));
        }
    }
}
