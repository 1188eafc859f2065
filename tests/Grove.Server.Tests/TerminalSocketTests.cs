using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Grove.Agents;
using Grove.Server.Tests.TestServices;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Server.Tests;

/// <summary>Workspace terminals over the real server: REST to open and close, the WebSocket to type and read.</summary>
public sealed class TerminalSocketTests
{
    [Fact]
    public async Task TheSocket_EchoesTyping_Resizes_AndReportsTheExit()
    {
        await using var bed = await StartAsync();
        using var repo = TestRepository.Create();
        var (workspace, terminal) = await OpenTerminalAsync(bed, repo);
        using var socket = await ConnectAsync(bed, workspace, terminal);
        var reader = new SocketReader(socket);

        await SendKeysAsync(socket, "echo sock-$((2+3))\r");
        await reader.WaitForAsync("sock-5");
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"resize","columns":90,"rows":30}"""), WebSocketMessageType.Text, true, ServerBed.Ct);
        await SendKeysAsync(socket, "stty size\r");
        await reader.WaitForAsync("30 90");

        await SendKeysAsync(socket, "exit 4\r");
        var exit = await reader.ReadToCloseAsync();

        Assert.Equal("exit", exit.GetProperty("type").GetString());
        Assert.Equal(4, exit.GetProperty("code").GetInt32());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        var list = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{workspace}/terminals");
        Assert.Equal(0, list.GetArrayLength());
    }

    [Fact]
    public async Task ASecondConnection_GetsTheScrollback_AndDeleteEndsTheTerminal()
    {
        await using var bed = await StartAsync();
        using var repo = TestRepository.Create();
        var (workspace, terminal) = await OpenTerminalAsync(bed, repo);
        using (var first = await ConnectAsync(bed, workspace, terminal))
        {
            await SendKeysAsync(first, "echo kept-$((6+1))\r");
            await new SocketReader(first).WaitForAsync("kept-7");
            await first.CloseAsync(WebSocketCloseStatus.NormalClosure, null, ServerBed.Ct);
        }

        using var second = await ConnectAsync(bed, workspace, terminal);
        var reader = new SocketReader(second);
        await reader.WaitForAsync("kept-7");
        var listed = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{workspace}/terminals");
        Assert.Equal(terminal, listed[0].GetProperty("id").GetString());

        using var deleted = await bed.Client.DeleteAsync($"api/workspaces/{workspace}/terminals/{terminal}", ServerBed.Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var exit = await reader.ReadToCloseAsync();
        Assert.Equal("exit", exit.GetProperty("type").GetString());
    }

    [Fact]
    public async Task TheSocket_IsRefused_WithoutTheToken_OrFromAForeignOrigin()
    {
        await using var bed = await StartAsync();
        using var repo = TestRepository.Create();
        var (workspace, terminal) = await OpenTerminalAsync(bed, repo);

        var anonymous = await RefusedAsync(bed, workspace, terminal, socket => { });
        var foreign = await RefusedAsync(bed, workspace, terminal, socket =>
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {bed.Server.Token.Value}");
            socket.Options.SetRequestHeader("Origin", "http://evil.example");
        });
        var wrongToken = await RefusedAsync(bed, workspace, terminal, socket => socket.Options.SetRequestHeader("Authorization", "Bearer not-the-token"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal(HttpStatusCode.Forbidden, foreign);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken);
        // The same socket with the token and Grove's own Origin is accepted.
        using var own = await ConnectAsync(bed, workspace, terminal, origin: $"http://127.0.0.1:{bed.Port}");
        Assert.Equal(WebSocketState.Open, own.State);
    }

    [Fact]
    public async Task AnUnknownTerminal_IsNotFound()
    {
        await using var bed = await StartAsync();
        using var repo = TestRepository.Create();
        var (workspace, _) = await OpenTerminalAsync(bed, repo);

        var status = await RefusedAsync(bed, workspace, "term_nothere", socket => socket.Options.SetRequestHeader("Authorization", $"Bearer {bed.Server.Token.Value}"));

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task GroveTerm_RunsTheKeysInANewTerminal_AndExitsWithTheShellsCode()
    {
        await using var bed = await StartAsync();
        using var repo = TestRepository.Create();
        await bed.CreateWorkspaceAsync(repo, "cli");
        bed.AnnounceToCli();
        var cli = new InProcessCli(bed.Home) { Input = "echo cli-$((1+2))\rexit 5\r" };

        var code = await cli.RunAsync(ServerBed.Ct, "term", "cli", "--new");

        Assert.Equal(5, code);
        Assert.Contains("cli-3", cli.Out.Text, StringComparison.Ordinal);
        Assert.Contains("Ctrl-] detaches", cli.Error.Text, StringComparison.Ordinal);
        Assert.Contains("exited with code 5", cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroveTerm_CtrlBracketDetaches_AndTheShellRunsOn()
    {
        await using var bed = await StartAsync();
        using var repo = TestRepository.Create();
        var workspace = await bed.CreateWorkspaceAsync(repo, "cli");
        bed.AnnounceToCli();

        var code = await new InProcessCli(bed.Home) { Input = "echo detached-$((4+4)) > marker.txt\r\u001d" }.RunAsync(ServerBed.Ct, "term", "cli");
        var list = new InProcessCli(bed.Home);
        Assert.Equal(0, await list.RunAsync(ServerBed.Ct, "term", "cli", "--list"));

        Assert.Equal(0, code);
        Assert.Contains("Terminal 1", list.Out.Text, StringComparison.Ordinal);
        var terminals = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{workspace}/terminals");
        Assert.Equal(1, terminals.GetArrayLength());
    }

    /// <summary>The server with bash and a temp HOME as the user's (no login scripts of this machine: they can be slow).</summary>
    private static Task<ServerBed> StartAsync()
    {
        var home = Directory.CreateTempSubdirectory("grove-term-home").FullName;
        var variables = new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin", ["HOME"] = home, ["SHELL"] = "/bin/bash" };
        return ServerBed.StartAsync(configureServices: services => services.AddSingleton(new AgentHostEnvironment(variables, home)));
    }

    private static async Task<(string Workspace, string Terminal)> OpenTerminalAsync(ServerBed bed, TestRepository repo)
    {
        var workspace = await bed.CreateWorkspaceAsync(repo, "term");
        var terminal = await bed.PostJsonAsync($"api/workspaces/{workspace}/terminals", new { columns = 100, rows = 30 });
        Assert.Equal(1, terminal.GetProperty("number").GetInt32());
        return (workspace, terminal.GetProperty("id").GetString()!);
    }

    private static Uri SocketUri(ServerBed bed, string workspace, string terminal) =>
        new($"ws://127.0.0.1:{bed.Port}/api/workspaces/{workspace}/terminals/{terminal}/socket");

    private static async Task<ClientWebSocket> ConnectAsync(ServerBed bed, string workspace, string terminal, string? origin = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {bed.Server.Token.Value}");
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        await socket.ConnectAsync(SocketUri(bed, workspace, terminal), ServerBed.Ct);
        return socket;
    }

    private static async Task<HttpStatusCode> RefusedAsync(ServerBed bed, string workspace, string terminal, Action<ClientWebSocket> configure)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        configure(socket);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(SocketUri(bed, workspace, terminal), ServerBed.Ct));
        return socket.HttpStatusCode;
    }

    private static Task SendKeysAsync(WebSocket socket, string keys) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(keys), WebSocketMessageType.Binary, true, ServerBed.Ct);

    /// <summary>Reads binary frames as terminal text; the text frame before the close is the exit message.</summary>
    private sealed class SocketReader(WebSocket socket)
    {
        private readonly StringBuilder _text = new();
        private readonly byte[] _buffer = new byte[64 * 1024];

        public async Task WaitForAsync(string expected)
        {
            while (!_text.ToString().Contains(expected, StringComparison.Ordinal))
            {
                WebSocketReceiveResult result;
                try
                {
                    result = await socket.ReceiveAsync(_buffer, ServerBed.Ct);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"'{expected}' did not appear. Output:\n{_text}");
                }

                Assert.True(result.MessageType == WebSocketMessageType.Binary, $"Expected output, got {result.MessageType} before '{expected}'. Output:\n{_text}");
                _text.Append(Encoding.UTF8.GetString(_buffer, 0, result.Count));
            }
        }

        public async Task<JsonElement> ReadToCloseAsync()
        {
            JsonElement? control = null;
            while (true)
            {
                var result = await socket.ReceiveAsync(_buffer, ServerBed.Ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return control ?? throw new InvalidOperationException("Closed without an exit message.");
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    control = JsonDocument.Parse(_buffer.AsMemory(0, result.Count)).RootElement.Clone();
                }
            }
        }
    }
}
