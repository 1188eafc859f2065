using System.CommandLine;
using Grove.Cli.Remote;
using Grove.Core.Paths;
using Grove.Server.Api;

namespace Grove.Cli.Commands;

/// <summary>
/// Commands that need a running <c>grove serve</c>: <c>grove attach</c>, <c>grove approvals</c>,
/// <c>grove approve</c>, <c>grove deny</c>, <c>grove url</c>. Without a server they print one line and exit
/// <see cref="ExitCodes.ServerNotRunning"/>.
/// </summary>
internal static class RemoteCommands
{
    public static IEnumerable<Command> Build(CliContext context)
    {
        yield return AttachCommand.Build(context);
        yield return Approvals(context);
        yield return Approve(context);
        yield return Deny(context);
        yield return Url(context);
    }

    /// <summary>Runs <paramref name="action"/> with a client, or reports that no server runs.</summary>
    public static async Task<int> WithServerAsync(CliContext context, Func<GroveServerClient, Task<int>> action)
    {
        using var client = GroveServerClient.TryConnect(GrovePaths.FromEnvironment(context.Environment));
        if (client is null)
        {
            context.Error.WriteLine($"grove: {GroveServerClient.NotRunningMessage}");
            return ExitCodes.ServerNotRunning;
        }

        try
        {
            return await action(client);
        }
        catch (HttpRequestException ex) when (ex.StatusCode is null)
        {
            context.Error.WriteLine($"grove: {GroveServerClient.NotRunningMessage} (port {client.Info.Port} did not answer)");
            return ExitCodes.ServerNotRunning;
        }
    }

    /// <summary><c>grove url</c>: prints the running server's sign-in link again (it holds the install's token).</summary>
    private static Command Url(CliContext context)
    {
        var command = new Command("url", "Print the running server's sign-in link for the browser (needs 'grove serve')");
        command.SetAction((parse, ct) => WithServerAsync(context, async client =>
        {
            // Ask the server, so a link is only printed for one that answers.
            await client.GetAsync<System.Text.Json.JsonElement>("api/projects", ct);
            context.Out.WriteLine(client.LoginUrl);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Approvals(CliContext context)
    {
        var command = new Command("approvals", "Permission requests waiting for an answer (needs 'grove serve')");
        command.SetAction((parse, ct) => WithServerAsync(context, async client =>
        {
            var pending = await client.GetAsync<List<ApprovalView>>("api/approvals", ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, pending);
                return ExitCodes.Success;
            }

            if (pending.Count == 0)
            {
                context.Out.WriteLine("No approvals waiting.");
                return ExitCodes.Success;
            }

            Table.Write(context.Out, ["request", "workspace", "tab", "tool", "what"], pending.Select(p => (IReadOnlyList<string?>)
                [p.RequestId, p.WorkspaceName ?? p.WorkspaceId, p.TabName ?? p.TabId, p.ToolName, p.Description ?? p.BlockedPath ?? Shorten(p.Input.GetRawText())]));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Approve(CliContext context)
    {
        var id = new Argument<string>("requestId") { Description = "The request id (see 'grove approvals')" };
        var always = new Option<bool>("--always") { Description = "Allow and remember for this workspace" };
        var project = new Option<bool>("--project") { Description = "Allow and remember for every workspace of the project" };
        var command = new Command("approve", "Allow a pending tool request (needs 'grove serve')") { id, always, project };
        command.SetAction((parse, ct) => WithServerAsync(context, async client =>
        {
            var choice = parse.GetValue(project) ? "always-project" : parse.GetValue(always) ? "always-workspace" : "once";
            await client.PostAsync($"api/approvals/{GroveServerClient.Escape(parse.GetValue(id)!)}", new ApprovalBody(choice), ct);
            context.Out.WriteLine($"Allowed ({choice}).");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Deny(CliContext context)
    {
        var id = new Argument<string>("requestId") { Description = "The request id (see 'grove approvals')" };
        var message = new Option<string?>("--message", "-m") { Description = "What the agent should do instead" };
        var command = new Command("deny", "Refuse a pending tool request (needs 'grove serve')") { id, message };
        command.SetAction((parse, ct) => WithServerAsync(context, async client =>
        {
            await client.PostAsync($"api/approvals/{GroveServerClient.Escape(parse.GetValue(id)!)}", new ApprovalBody("deny", parse.GetValue(message)), ct);
            context.Out.WriteLine("Denied.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
