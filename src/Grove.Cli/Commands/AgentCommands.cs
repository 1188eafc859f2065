using System.CommandLine;
using Grove.Cli.Commands.Run;
using Grove.Core.Agents;
using Grove.Core.Budgets;
using Grove.Core.Domain;
using Grove.Services.Admission;
using Grove.Services.Agents;
using Grove.Services.Budgets;
using Grove.Services.Workspaces;

namespace Grove.Cli.Commands;

/// <summary><c>grove run</c>, <c>grove tabs</c>, <c>grove agents</c>, <c>grove log</c>, <c>grove search</c>, <c>grove setup claude</c>.</summary>
internal static class AgentCommands
{
    public static IEnumerable<Command> Build(CliContext context)
    {
        yield return RunCommand.Build(context);
        yield return Tabs(context);
        yield return Agents(context);
        yield return Log(context);
        yield return Search(context);
        yield return Setup(context);
        yield return Fork(context);
    }

    private static Command Fork(CliContext context)
    {
        var tab = new Argument<string>("tab") { Description = "Tab id, <workspace>:<tab>, or a workspace with one tab" };
        var at = new Argument<long>("event") { Description = "Event number to fork at (see 'grove log --numbers')" };
        var name = new Option<string?>("--name") { Description = "Name of the new tab" };
        var command = new Command("fork", "Fork a tab at an earlier message into a new tab that resumes from there") { tab, at, name };
        command.SetAction(async (parse, ct) =>
        {
            var fork = await (await context.GetAsync<IAgentRuns>(ct)).ForkAsync(parse.GetValue(tab)!, parse.GetValue(at), parse.GetValue(name), ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, fork);
            }
            else
            {
                context.Out.WriteLine($"Forked into tab '{fork.Name}' ({fork.Id}); continue it with 'grove run <workspace> \"…\" --tab {fork.Name}'.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Tabs(CliContext context)
    {
        var workspace = new Argument<string?>("workspace") { Description = "Only this workspace's tabs", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("tabs", "Agent tabs with their agent, status, mode and session") { workspace };
        command.Subcommands.Add(NewTab(context));
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.AppAsync(ct);
            var tabs = await app.Get<IAgentTabs>().ListAsync(parse.GetValue(workspace), ct);
            var kinds = app.Get<IAgentKinds>();
            var names = (await app.Get<IWorkspaceService>().ListAsync(includeArchived: true, cancellationToken: ct)).ToDictionary(w => w.Id, w => w.Name);
            var usage = await Remote.ServerUsage.ReadAsync(context, ct);
            var waits = await app.Get<ITurnAdmission>().WaitsAsync(ct);
            var spent = (await app.Get<IBudgets>().SpendAsync(cancellationToken: ct)).ByTab;
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, tabs.Select(t => new
                {
                    tab = t,
                    workspace = names.GetValueOrDefault(t.WorkspaceId),
                    agent = kinds.DisplayNameOf(t.AgentKind),
                    usage = usage.Agent(t.Id),
                    waiting = waits.GetValueOrDefault(t.Id),
                    costUsd = spent.GetValueOrDefault(t.Id),
                }));
                return ExitCodes.Success;
            }

            if (tabs.Count == 0)
            {
                context.Out.WriteLine("No agent tabs yet. Start one with 'grove run <workspace> \"prompt\"'.");
                return ExitCodes.Success;
            }

            Table.Write(context.Out, ["workspace", "tab", "agent", "status", "cpu · memory", "mode", "permissions", "cost", "session", "id"], tabs.Select(t => (IReadOnlyList<string?>)
            [
                names.GetValueOrDefault(t.WorkspaceId), t.Name, kinds.DisplayNameOf(t.AgentKind), waits.TryGetValue(t.Id, out var wait) ? wait.Describe() : t.IsParked ? "parked" : Lower(t.Status), usage.Agent(t.Id)?.Text,
                Lower(t.Mode), Lower(t.PermissionMode), BudgetRules.Usd(spent.GetValueOrDefault(t.Id)), t.SessionId, t.Id,
            ]));
            var running = tabs.Count(t => t.Status is AgentTabStatus.Running or AgentTabStatus.NeedsInput);
            context.Out.WriteLine($"{running} running, {tabs.Count(t => waits.ContainsKey(t.Id))} waiting, {BudgetRules.Usd(tabs.Sum(t => spent.GetValueOrDefault(t.Id)))} spent.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary><c>grove tabs new &lt;workspace&gt; [--agent kind] [--name n] [--plan]</c>.</summary>
    private static Command NewTab(CliContext context)
    {
        var workspace = new Argument<string>("workspace") { Description = "Workspace name, id or project/name" };
        var agent = new Option<string?>("--agent") { Description = "The agent the tab runs (see 'grove agents'; default: setting agents.default_kind, else claude-code)", HelpName = "kind" };
        var name = new Option<string?>("--name") { Description = "Tab name (default: Agent N)" };
        var plan = new Option<bool>("--plan") { Description = "Start in plan mode (default: setting agent.default_mode)" };
        var command = new Command("new", "Open a new agent tab in a workspace") { workspace, agent, name, plan };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.AppAsync(ct);
            var mode = parse.GetValue(plan) ? AgentMode.Plan : await app.Get<Grove.Services.Settings.ISettingsService>().GetDefaultAgentModeAsync(ct);
            var tab = await app.Get<IAgentTabs>().CreateAsync(
                new CreateTabRequest { Workspace = parse.GetValue(workspace)!, Name = parse.GetValue(name), AgentKind = parse.GetValue(agent), Mode = mode },
                ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, tab);
            }
            else
            {
                context.Out.WriteLine($"Opened tab '{tab.Name}' ({app.Get<IAgentKinds>().DisplayNameOf(tab.AgentKind)}, {tab.Id}); run it with 'grove run {parse.GetValue(workspace)} \"…\" --tab \"{tab.Name}\"'.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary><c>grove agents</c>: the kinds of agent a tab can run, with their program, version and sign-in.</summary>
    private static Command Agents(CliContext context)
    {
        var command = new Command("agents", "The agents a tab can run: program, version, where it was found, and how it signs in");
        command.SetAction(async (parse, ct) =>
        {
            var kinds = await (await context.GetAsync<IAgentKinds>(ct)).ListAsync(cancellationToken: ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, kinds);
                return ExitCodes.Success;
            }

            Table.Write(context.Out, ["kind", "agent", "state", "version", "found", "sign-in", "path"], kinds.Select(k => (IReadOnlyList<string?>)
            [
                k.IsDefault ? $"{k.Kind} (default)" : k.Kind, k.DisplayName, k.Usable ? "ready" : "not usable", k.Version, k.Source, k.Auth, k.Path,
            ]));
            foreach (var kind in kinds.Where(k => k.Models.Count > 0))
            {
                context.Out.WriteLine($"{kind.DisplayName} models: {string.Join(", ", kind.Models)}");
            }

            foreach (var problem in kinds.Where(k => k.Problem is not null))
            {
                context.Out.WriteLine($"{problem.DisplayName}: {problem.Problem}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Log(CliContext context)
    {
        var tab = new Argument<string>("tab") { Description = "Tab id, <workspace>:<tab>, or a workspace with one tab" };
        var numbers = new Option<bool>("--numbers", "-n") { Description = "Show each event's number (for 'grove fork')" };
        var command = new Command("log", "A tab's whole transcript") { tab, numbers };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.AppAsync(ct);
            var resolved = await app.Get<IAgentTabs>().ResolveAsync(parse.GetValue(tab)!, ct);
            var transcripts = app.Get<ITranscripts>();
            var json = parse.GetValue(GroveCli.JsonOption);
            var printer = new TranscriptPrinter(context.Out, context.Error);
            var all = new List<object>();
            long after = 0;
            while (true)
            {
                var page = await transcripts.ReadAsync(resolved.Id, after, 1000, ct);
                foreach (var e in page)
                {
                    after = e.Sequence;
                    if (json)
                    {
                        all.Add(new { seq = e.Sequence, kind = e.Kind, at = e.CreatedAt, payload = System.Text.Json.JsonDocument.Parse(e.PayloadJson).RootElement });
                    }
                    else
                    {
                        if (parse.GetValue(numbers) && e.Kind != PartialCheckpoint.Kind)
                        {
                            context.Out.WriteLine($"#{e.Sequence} {e.Kind}");
                        }

                        printer.Print(LiveEvent.From(e));
                    }
                }

                if (page.Count < 1000)
                {
                    break;
                }
            }

            if (json)
            {
                Json.Write(context.Out, all);
            }
            else
            {
                printer.Finish();
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Search(CliContext context)
    {
        var text = new Argument<string>("text") { Description = "Words to find in every transcript" };
        var limit = new Option<int>("--limit") { Description = "How many hits", DefaultValueFactory = _ => 20 };
        var command = new Command("search", "Full-text search over all transcripts") { text, limit };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.AppAsync(ct);
            var hits = await app.Get<ITranscripts>().SearchAsync(parse.GetValue(text)!, parse.GetValue(limit), ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, hits);
                return ExitCodes.Success;
            }

            foreach (var hit in hits)
            {
                context.Out.WriteLine($"{hit.Place} #{hit.Sequence} [{hit.Kind}] {hit.Snippet}");
            }

            if (hits.Count == 0)
            {
                context.Out.WriteLine("No matches.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Setup(CliContext context)
    {
        var setup = new Command("setup", "Install or check the tools Grove drives");
        var claude = new Command("claude", $"Install the pinned Claude Code CLI into Grove's data folder (npm), or report the one found");
        var check = new Option<bool>("--check") { Description = "Only report which claude Grove would use" };
        claude.Options.Add(check);
        claude.SetAction(async (parse, ct) =>
        {
            var setup = (await context.AppAsync(ct)).Get<IAgentSetup>();
            if (!parse.GetValue(check))
            {
                context.Progress($"running {setup.ClaudeInstallCommand}");
                var path = await setup.InstallClaudeAsync(ct);
                context.Out.WriteLine($"Installed Claude Code at {path}");
            }

            var found = await setup.LocateClaudeAsync(ct);
            context.Out.WriteLine($"claude {found.Version} ({found.Source}): {found.Path}");
            return ExitCodes.Success;
        });
        setup.Subcommands.Add(claude);

        var codex = new Command("codex", "Install the pinned Codex CLI into Grove's data folder (npm, ~420 MB), or report the one found and how it signs in");
        var checkCodex = new Option<bool>("--check") { Description = "Only report which codex Grove would use" };
        codex.Options.Add(checkCodex);
        codex.SetAction(async (parse, ct) =>
        {
            var setup = (await context.AppAsync(ct)).Get<IAgentSetup>();
            if (!parse.GetValue(checkCodex))
            {
                context.Progress($"running {setup.CodexInstallCommand}");
                var path = await setup.InstallCodexAsync(ct);
                context.Out.WriteLine($"Installed Codex at {path}");
            }

            var found = await setup.LocateCodexAsync(ct);
            context.Out.WriteLine($"codex {found.Version} ({found.Source}): {found.Path}");
            if (await setup.DescribeCodexAuthAsync(ct) is { } auth)
            {
                context.Out.WriteLine($"sign-in: {auth}");
            }

            return ExitCodes.Success;
        });
        setup.Subcommands.Add(codex);

        var ollama = new Command("ollama", "Find a local Ollama server and list its models");
        var url = new Option<string?>("--url") { Description = "Ollama URL (default: the ollama.url setting, else http://localhost:11434)" };
        ollama.Options.Add(url);
        ollama.SetAction(async (parse, ct) =>
        {
            var (baseUrl, models) = await (await context.AppAsync(ct)).Get<IAgentSetup>().ListOllamaModelsAsync(parse.GetValue(url), ct);
            if (models is null)
            {
                throw new Grove.Core.Errors.GroveException(Grove.Core.Errors.ErrorKind.NotFound, $"No Ollama server answered at {baseUrl}; start it with 'ollama serve'.");
            }

            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, models);
                return ExitCodes.Success;
            }

            context.Out.WriteLine($"Ollama at {baseUrl}: {models.Count} model(s)");
            foreach (var model in models)
            {
                context.Out.WriteLine($"  {model}");
            }

            context.Out.WriteLine("Use one with 'grove config set ollama.model <model>'.");
            return ExitCodes.Success;
        });
        setup.Subcommands.Add(ollama);
        setup.Subcommands.Add(Desktop(context));
        return setup;
    }

    /// <summary><c>grove setup desktop</c>: makes grove:// links (account sign-in) open <c>grove open-url</c> (Linux).</summary>
    private static Command Desktop(CliContext context)
    {
        var desktop = new Command("desktop", "Register Grove as the handler of grove:// links (Linux: a .desktop file + xdg-mime)");
        desktop.SetAction(async (parse, ct) =>
        {
            var result = await (await context.AppAsync(ct)).Get<Grove.Services.Account.IProtocolHandlerSetup>().RegisterAsync(GroveCommandLine(), ct);
            context.Out.WriteLine($"Wrote {result.DesktopFile} (Exec={result.Exec}).");
            if (result.XdgMimeRan)
            {
                context.Out.WriteLine("grove:// links now open `grove open-url` (xdg-mime default grove.desktop x-scheme-handler/grove).");
            }
            else
            {
                context.Warn($"{result.XdgMimeError}; run `xdg-mime default grove.desktop x-scheme-handler/grove` once it is installed.");
            }

            return ExitCodes.Success;
        });
        return desktop;
    }

    /// <summary>How to start this grove again: its executable, or <c>dotnet grove.dll</c> when run through the dotnet host.</summary>
    private static string[] GroveCommandLine()
    {
        var process = Environment.ProcessPath ?? string.Empty;
        var name = Path.GetFileNameWithoutExtension(process);
        // AppContext.BaseDirectory, not Assembly.Location: the latter is empty in a single-file build.
        var dll = Path.Combine(AppContext.BaseDirectory, "grove.dll");
        return name.Equals("dotnet", StringComparison.OrdinalIgnoreCase) && File.Exists(dll)
            ? [process, dll]
            : [process];
    }

    internal static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
