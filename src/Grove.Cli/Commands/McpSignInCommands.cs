using System.CommandLine;
using Grove.Cli.Remote;
using Grove.Core.Errors;
using Grove.Core.Mcp;
using Grove.Services.Mcp;
using Grove.Services.Projects;

namespace Grove.Cli.Commands;

/// <summary>
/// <c>grove mcp login|logout</c> (added to <see cref="McpCommands"/>' group): OAuth sign-in to HTTP MCP servers, by name (from <c>~/.claude.json</c>
/// and the project's <c>.mcp.json</c>) or URL. Login prints the sign-in URL, opens a browser when it can,
/// and waits for the browser to come back to Grove's loopback callback.
/// </summary>
internal static class McpSignInCommands
{
    public static void AddTo(Command mcp, CliContext context)
    {
        mcp.Subcommands.Add(Login(context));
        mcp.Subcommands.Add(Logout(context));
    }

    private static Command Login(CliContext context)
    {
        var server = ServerArgument();
        var project = ProjectOption();
        var clientId = new Option<string?>("--client-id") { Description = "A client id to use when the authorization server does not register clients" };
        var clientSecret = new Option<bool>("--client-secret-stdin") { Description = "Read the client secret for --client-id from stdin" };
        var noOpen = new Option<bool>("--no-open") { Description = "Only print the sign-in URL" };
        var command = new Command("login", "Sign in to an HTTP MCP server (OAuth; tokens stored encrypted, refreshed automatically)") { server, project, clientId, clientSecret, noOpen };
        command.SetAction(async (parse, ct) =>
        {
            var url = await ResolveAsync(context, parse.GetValue(server)!, parse.GetValue(project), ct);
            McpClientCredentials? client = null;
            if (parse.GetValue(clientId) is { Length: > 0 } id)
            {
                string? secret = null;
                if (parse.GetValue(clientSecret))
                {
                    secret = await context.In.ReadLineAsync(ct);
                    if (string.IsNullOrWhiteSpace(secret))
                    {
                        throw new GroveException(ErrorKind.InvalidInput, "No client secret on stdin; pipe it in, e.g. `grove mcp login <server> --client-id ID --client-secret-stdin < secret.txt`.");
                    }
                }

                client = new McpClientCredentials(id, secret);
            }
            else if (parse.GetValue(clientSecret))
            {
                throw new GroveException(ErrorKind.InvalidInput, "--client-secret-stdin needs --client-id.");
            }

            var signIn = await context.GetAsync<IMcpSignIn>(ct);
            var started = await signIn.StartAsync(url.AbsoluteUri, client, ct);
            context.Out.WriteLine($"Open this page to sign in to {started.ServerUrl}:");
            context.Out.WriteLine(started.AuthorizeUrl.AbsoluteUri);
            await context.Out.FlushAsync(ct);
            if (!parse.GetValue(noOpen))
            {
                BrowserLauncher.TryOpen(started.AuthorizeUrl.AbsoluteUri, context.Environment);
            }

            context.Progress($"Waiting for the browser at {started.RedirectUri} (up to {started.Timeout.TotalMinutes:0} minutes)…");
            // Ctrl-C ends the wait; disposing the services closes the listener and keeps any earlier sign-in.
            var status = await started.Completion.WaitAsync(ct);

            if (status.State != McpSignInState.SignedIn || status.Error is not null)
            {
                throw new GroveException(ErrorKind.AuthRequired, status.Error ?? $"The sign-in to {status.ServerUrl} did not complete.");
            }

            context.Out.WriteLine($"Signed in to {status.ServerUrl}{(status.ExpiresAt is { } expires ? $" (token refreshed automatically; expires {expires:u})" : string.Empty)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Logout(CliContext context)
    {
        var server = ServerArgument();
        var project = ProjectOption();
        var command = new Command("logout", "Sign out of an HTTP MCP server (deletes its tokens and client registration)") { server, project };
        command.SetAction(async (parse, ct) =>
        {
            var url = await ResolveAsync(context, parse.GetValue(server)!, parse.GetValue(project), ct);
            var removed = await (await context.GetAsync<IMcpSignIn>(ct)).SignOutAsync(url.AbsoluteUri, ct);
            context.Out.WriteLine(removed ? $"Signed out of {url.AbsoluteUri}." : $"Grove was not signed in to {url.AbsoluteUri}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Argument<string> ServerArgument() => new("server") { Description = "The server's name (in ~/.claude.json or .mcp.json) or its URL" };

    private static Option<string?> ProjectOption() => new("--project", "-p") { Description = "Look the name up in this project's servers too (default: the current folder's .mcp.json)" };

    private static async Task<Uri> ResolveAsync(CliContext context, string server, string? project, CancellationToken ct)
    {
        if (McpServerUrl.IsUrl(server))
        {
            return McpServerUrl.Normalize(server);
        }

        var folder = project is null
            ? Environment.CurrentDirectory
            : (await (await context.GetAsync<IProjectService>(ct)).ResolveAsync(project, ct)).Path;
        return await (await context.GetAsync<IMcpServerUrls>(ct)).ResolveAsync(server, folder, ct);
    }
}
