using System.CommandLine;
using Grove.Core.Errors;
using Grove.Core.Mcp;
using Grove.Services.Mcp;

namespace Grove.Cli.Commands;

/// <summary>
/// <c>grove mcp list|add|remove|enable|disable|test|trust</c> (and <c>login|logout</c>, <see cref="McpSignInCommands"/>): the MCP servers Claude Code would use
/// (from <c>~/.claude.json</c> and the project's <c>.mcp.json</c>), as Grove hands them to agents.
/// </summary>
internal static class McpCommands
{
    public static Command Build(CliContext context)
    {
        var mcp = new Command("mcp", "MCP servers: where they come from, whether they work, which agents get them");
        mcp.Subcommands.Add(List(context));
        mcp.Subcommands.Add(Add(context));
        mcp.Subcommands.Add(Remove(context));
        mcp.Subcommands.Add(Switch(context, "enable", true));
        mcp.Subcommands.Add(Switch(context, "disable", false));
        mcp.Subcommands.Add(Test(context));
        mcp.Subcommands.Add(Trust(context));
        McpSignInCommands.AddTo(mcp, context);
        return mcp;
    }

    private static Option<string?> ProjectOption(string description = "A project (name, id or path; a workspace's worktree path maps to its project)") =>
        new("--project", "-p") { Description = description };

    private static Command List(CliContext context)
    {
        var project = ProjectOption("The project whose servers to show (default: user scope only)");
        var workspace = new Option<string?>("--workspace", "-w") { Description = "A workspace (its project's servers, its own switches)" };
        var noProbe = new Option<bool>("--no-probe") { Description = "Do not connect to the servers; show the last known status" };
        var list = new Command("list", "The servers, their origin (file and scope) and status") { project, workspace, noProbe };
        list.SetAction(async (parse, ct) =>
        {
            var result = await (await context.GetAsync<IMcpServers>(ct)).ListAsync(parse.GetValue(project), parse.GetValue(workspace), !parse.GetValue(noProbe), ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, new
                {
                    project = result.ProjectName,
                    workspace = result.WorkspaceName,
                    trust = result.Trust is null ? null : new { file = result.Trust.File, trusted = result.Trust.Trusted, servers = result.Trust.Servers.Select(s => s.Name) },
                    servers = result.Servers.Select(ToJson),
                });
                return ExitCodes.Success;
            }

            if (result.Servers.Count == 0)
            {
                context.Out.WriteLine("No MCP servers. Add one with `grove mcp add <name> --command <c>` or `--url <u>`.");
                return ExitCodes.Success;
            }

            Table.Write(
                context.Out,
                ["name", "type", "scope", "status", "tools", "target", "file"],
                result.Servers.Select(s => (IReadOnlyList<string?>)
                [
                    s.Name,
                    s.Definition.TypeName,
                    s.Origin.ScopeName,
                    StatusText(s),
                    s.Probe.Status == McpServerStatus.Connected ? s.Probe.Tools.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
                    s.Definition.Target,
                    s.Origin.File,
                ]));
            foreach (var server in result.Servers.Where(s => s.Probe.Error is not null && s.Probe.Status == McpServerStatus.Failed))
            {
                context.Out.WriteLine($"{server.Name}: {server.Probe.Error}");
            }

            if (result.Trust is { Trusted: false } trust)
            {
                context.Out.WriteLine($"{trust.File} is not trusted: approve its servers with `grove mcp trust --project {result.ProjectName}`.");
            }

            foreach (var server in result.Servers.Where(s => s.Probe.Status == McpServerStatus.NeedsSignIn))
            {
                context.Out.WriteLine($"Sign-in: grove mcp login {server.Name}");
            }

            return ExitCodes.Success;
        });
        return list;
    }

    private static Command Add(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "Server name (letters, digits, - and _)" };
        var command = new Option<string?>("--command") { Description = "A stdio server: the program to run" };
        var args = new Option<string[]>("--arg") { Description = "An argument of the command (repeat for more)", AllowMultipleArgumentsPerToken = false };
        var env = new Option<string[]>("--env", "-e") { Description = "K=V for the server's environment (repeat for more)" };
        var url = new Option<string?>("--url") { Description = "An HTTP server: its URL" };
        var headers = new Option<string[]>("--header", "-H") { Description = "Name: value sent to an HTTP server (repeat for more)" };
        var transport = new Option<string>("--transport") { Description = "http (Streamable HTTP, default) or sse", DefaultValueFactory = _ => "http" };
        transport.AcceptOnlyFromAmong("http", "sse");
        var scope = new Option<string>("--scope", "-s") { Description = "user (~/.claude.json), project (.mcp.json) or local (~/.claude.json, this project)", DefaultValueFactory = _ => "local" };
        scope.AcceptOnlyFromAmong("user", "project", "local");
        var project = ProjectOption("The project (for project and local scope)");
        var add = new Command("add", "Add (or replace) a server in Claude Code's files") { name, command, args, env, url, headers, transport, scope, project };
        add.SetAction(async (parse, ct) =>
        {
            var commandText = parse.GetValue(command);
            var urlText = parse.GetValue(url);
            if ((commandText is null) == (urlText is null))
            {
                throw new GroveException(ErrorKind.InvalidInput, "Give either --command (a stdio server) or --url (an HTTP server).");
            }

            var scopeValue = Enum.Parse<McpScope>(parse.GetValue(scope)!, ignoreCase: true);
            var projectValue = parse.GetValue(project);
            if (scopeValue != McpScope.User && projectValue is null)
            {
                // Like Claude Code: local and project scope mean the project you are in.
                projectValue = Environment.CurrentDirectory;
            }

            var definition = commandText is not null
                ? new McpServerDefinition
                {
                    Name = parse.GetValue(name)!,
                    Transport = McpTransport.Stdio,
                    Command = commandText,
                    Args = parse.GetValue(args) ?? [],
                    Env = McpDefinitionRules.Pairs(parse.GetValue(env) ?? [], '=', "K=V"),
                }
                : new McpServerDefinition
                {
                    Name = parse.GetValue(name)!,
                    Transport = parse.GetValue(transport) == "sse" ? McpTransport.Sse : McpTransport.Http,
                    Url = urlText,
                    Headers = McpDefinitionRules.Pairs(parse.GetValue(headers) ?? [], ':', "a header"),
                };
            var saved = await (await context.GetAsync<IMcpServers>(ct)).SaveAsync(new McpAddRequest(definition, scopeValue, scopeValue == McpScope.User ? null : projectValue), ct);
            context.Out.WriteLine($"Added {saved.Name} ({saved.Definition.TypeName}) to {saved.Origin.File} ({saved.Origin.ScopeName} scope).");
            return ExitCodes.Success;
        });
        return add;
    }

    private static Command Remove(CliContext context)
    {
        var name = new Argument<string>("name");
        var scope = new Option<string?>("--scope", "-s") { Description = "Only from this scope (default: where the server is shown from)" };
        scope.AcceptOnlyFromAmong("user", "project", "local");
        var project = ProjectOption();
        var remove = new Command("remove", "Remove a server from Claude Code's files") { name, scope, project };
        remove.Aliases.Add("rm");
        remove.SetAction(async (parse, ct) =>
        {
            var scopeValue = parse.GetValue(scope) is { } s ? Enum.Parse<McpScope>(s, ignoreCase: true) : (McpScope?)null;
            var origin = await (await context.GetAsync<IMcpServers>(ct)).RemoveAsync(parse.GetValue(name)!, scopeValue, parse.GetValue(project), ct);
            context.Out.WriteLine($"Removed {parse.GetValue(name)} from {origin.File} ({origin.ScopeName} scope).");
            return ExitCodes.Success;
        });
        return remove;
    }

    private static Command Switch(CliContext context, string verb, bool enabled)
    {
        var name = new Argument<string>("name");
        var project = ProjectOption();
        var workspace = new Option<string?>("--workspace", "-w") { Description = "Only this workspace" };
        var command = new Command(verb, $"{(enabled ? "Enable" : "Disable")} a server for a project or one workspace (stored in Grove)") { name, project, workspace };
        command.SetAction(async (parse, ct) =>
        {
            if ((parse.GetValue(project) is null) == (parse.GetValue(workspace) is null))
            {
                throw new GroveException(ErrorKind.InvalidInput, "Give --project or --workspace.");
            }

            await (await context.GetAsync<IMcpServers>(ct)).SetEnabledAsync(parse.GetValue(name)!, enabled, parse.GetValue(project), parse.GetValue(workspace), ct);
            context.Out.WriteLine($"{(enabled ? "Enabled" : "Disabled")} {parse.GetValue(name)} for {(parse.GetValue(workspace) is { } w ? $"workspace {w}" : $"project {parse.GetValue(project)}")}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Test(CliContext context)
    {
        var name = new Argument<string>("name");
        var project = ProjectOption();
        var workspace = new Option<string?>("--workspace", "-w") { Description = "A workspace (the server starts in its worktree)" };
        var test = new Command("test", "Connect to a server now and show what it offers") { name, project, workspace };
        test.SetAction(async (parse, ct) =>
        {
            var server = await (await context.GetAsync<IMcpServers>(ct)).TestAsync(parse.GetValue(name)!, parse.GetValue(project), parse.GetValue(workspace), ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, ToJson(server));
            }
            else
            {
                context.Out.WriteLine($"{server.Name}: {StatusText(server)}{(server.Probe.Error is { } e ? $": {e}" : "")}");
                if (server.Probe.Status == McpServerStatus.Connected)
                {
                    context.Out.WriteLine($"Server: {server.Probe.ServerName} {server.Probe.ServerVersion}; {server.Probe.Tools.Count} tools, {server.Probe.PromptCount} prompts, {server.Probe.ResourceCount} resources");
                    foreach (var tool in server.Probe.Tools)
                    {
                        context.Out.WriteLine($"  {tool.Name}{(tool.Description is { Length: > 0 } d ? $": {d}" : "")}");
                    }
                }
                else if (server.Probe.Status == McpServerStatus.NeedsSignIn)
                {
                    context.Out.WriteLine($"Sign-in: grove mcp login {server.Name}");
                }
            }

            return server.Probe.Status == McpServerStatus.Connected ? ExitCodes.Success : ExitCodes.For(ErrorKind.Network);
        });
        return test;
    }

    private static Command Trust(CliContext context)
    {
        var project = ProjectOption("The project whose .mcp.json servers to approve");
        project.Required = true;
        var trust = new Command("trust", "Approve the servers of a project's .mcp.json (asked again when they change)") { project };
        trust.SetAction(async (parse, ct) =>
        {
            var approved = await (await context.GetAsync<IMcpServers>(ct)).TrustAsync(parse.GetValue(project)!, ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, new { file = approved.File, servers = approved.Servers.Select(s => new { name = s.Name, type = s.TypeName, target = s.Target }) });
                return ExitCodes.Success;
            }

            context.Out.WriteLine($"Approved the servers of {approved.File}:");
            foreach (var server in approved.Servers)
            {
                context.Out.WriteLine($"  {server.Name} ({server.TypeName}): {server.Target}");
            }

            return ExitCodes.Success;
        });
        return trust;
    }

    private static string StatusText(McpServerView server) => server.Probe.Status switch
    {
        McpServerStatus.Connected => "connected",
        McpServerStatus.Failed => "failed",
        McpServerStatus.NeedsSignIn => "needs sign-in",
        McpServerStatus.NotTrusted => "not trusted",
        McpServerStatus.Disabled => "disabled",
        _ => "not probed",
    };

    private static object ToJson(McpServerView s) => new
    {
        name = s.Name,
        type = s.Definition.TypeName,
        scope = s.Origin.ScopeName,
        file = s.Origin.File,
        shadowed = s.Shadowed.Select(o => new { scope = o.ScopeName, file = o.File }),
        command = s.Definition.Command,
        args = s.Definition.Args,
        envKeys = s.Definition.Env.Keys,
        url = s.Definition.Url,
        headerNames = s.Definition.Headers.Keys,
        enabled = s.Enabled,
        enabledBy = s.EnabledBy,
        trusted = s.Trusted,
        status = StatusText(s),
        serverName = s.Probe.ServerName,
        serverVersion = s.Probe.ServerVersion,
        tools = s.Probe.Tools.Select(t => new { name = t.Name, description = t.Description }),
        prompts = s.Probe.PromptCount,
        resources = s.Probe.ResourceCount,
        error = s.Probe.Error,
    };
}
