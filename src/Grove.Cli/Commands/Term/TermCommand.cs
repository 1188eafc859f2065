using System.CommandLine;
using System.Net.WebSockets;
using Grove.Cli.Remote;
using Grove.Core.Terminals;
using Grove.Server.Api;

namespace Grove.Cli.Commands.Term;

/// <summary>
/// <c>grove term &lt;ws&gt; [--new]</c>: attaches this terminal to one of the workspace's terminals on
/// the running server (the newest, or a new one when there is none or with <c>--new</c>) over its
/// WebSocket: keys go through in raw mode (Ctrl-C reaches the shell), the size follows this window,
/// <c>Ctrl-]</c> detaches (the shell keeps running). Exits with the shell's code when it ends.
/// </summary>
internal static class TermCommand
{
    public static Command Build(CliContext context)
    {
        var workspace = new Argument<string>("workspace") { Description = "Workspace id, name or <project>/<name>" };
        var fresh = new Option<bool>("--new") { Description = "Open a new terminal instead of attaching to the newest" };
        var id = new Option<string?>("--id") { Description = "Attach to this terminal (see 'grove term <ws> --list')" };
        var list = new Option<bool>("--list") { Description = "List the workspace's terminals and exit" };
        var command = new Command("term", "Attach this terminal to a shell in the workspace (Ctrl-] detaches; needs 'grove serve')") { workspace, fresh, id, list };
        command.SetAction((parse, ct) => RemoteCommands.WithServerAsync(context, client =>
            RunAsync(context, client, parse.GetValue(workspace)!, parse.GetValue(fresh), parse.GetValue(id), parse.GetValue(list), ct)));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, GroveServerClient client, string workspace, bool fresh, string? id, bool list, CancellationToken ct)
    {
        var path = $"api/workspaces/{GroveServerClient.Escape(workspace)}/terminals";
        var terminals = await client.GetAsync<List<TerminalInfo>>(path, ct);
        if (list)
        {
            foreach (var t in terminals)
            {
                context.Out.WriteLine($"{t.Id}  {t.Title}  {t.Size.Columns}x{t.Size.Rows}  {t.Shell}  pid {t.ProcessId}");
            }

            return ExitCodes.Success;
        }

        using var console = TermConsole.For(context);
        var terminal = id is not null
            ? terminals.FirstOrDefault(t => t.Id == id) ?? throw new Core.Errors.GroveException(Core.Errors.ErrorKind.NotFound, $"No terminal '{id}' in '{workspace}'; see 'grove term {workspace} --list'.")
            : !fresh && terminals.Count > 0 ? terminals[^1]
            : await client.PostAsync<TerminalInfo>(path, new OpenTerminalBody(console.Size?.Columns, console.Size?.Rows), ct);

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", client.Http.DefaultRequestHeaders.Authorization!.ToString());
        var uri = new Uri($"ws://127.0.0.1:{client.Info.Port}/{path}/{GroveServerClient.Escape(terminal.Id)}/socket");
        await socket.ConnectAsync(uri, ct);
        context.Error.WriteLine($"› attached to {terminal.Title} ({terminal.Id}) in {workspace}; Ctrl-] detaches");
        using var session = new TermSession(socket, console);
        var result = await session.RunAsync(ct);
        context.Error.WriteLine(result.ExitCode is { } code
            ? $"\r\n› the shell exited with code {code}"
            : $"\r\n› detached; 'grove term {workspace} --id {terminal.Id}' attaches again");
        return result.ExitCode ?? ExitCodes.Success;
    }
}
