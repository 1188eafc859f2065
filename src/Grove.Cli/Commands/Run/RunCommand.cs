using System.CommandLine;
using Grove.Cli.Remote;
using Grove.Core.Domain;
using Grove.Core.Paths;

namespace Grove.Cli.Commands.Run;

/// <summary>
/// <c>grove run &lt;workspace&gt; "prompt"</c>: one agent turn in the terminal. Streams the reply,
/// asks each permission (y / n / a = always here / p = always in this project), Ctrl-C interrupts.
/// When <c>grove serve</c> runs for the same data folder the turn runs in the server
/// (<see cref="RemoteRun"/>), so the UI sees it live and only one process drives the tab's agent;
/// otherwise here (<see cref="LocalRun"/>). Both print the same output and exit with the same codes.
/// </summary>
internal static class RunCommand
{
    public static Command Build(CliContext context)
    {
        var workspace = new Argument<string>("workspace") { Description = "Workspace name, id or project/name" };
        var prompt = new Argument<string>("prompt") { Description = "What to ask the agent" };
        var tab = new Option<string?>("--tab", "-t") { Description = "Tab name (created if missing; default: the workspace's first tab)" };
        var agentKind = new Option<string?>("--agent") { Description = "The agent to run (see 'grove agents'): the workspace's tab of that kind, or a new one", HelpName = "kind" };
        var plan = new Option<bool>("--plan") { Description = "Plan mode: read-only until you approve the plan" };
        var agent = new Option<bool>("--no-plan") { Description = "Switch the tab back to agent mode (out of plan mode)" };
        var model = new Option<string?>("--model", "-m") { Description = "Model alias or name (opus, sonnet, haiku…)" };
        var acceptEdits = new Option<bool>("--accept-edits") { Description = "Opt in for this tab: allow file edits inside the worktree without asking" };
        var bypass = new Option<bool>("--bypass") { Description = "Opt in for this tab: allow every tool call without asking (plans and questions still ask)" };
        var askAgain = new Option<bool>("--ask") { Description = "Return the tab to asking before each tool call" };
        var maxTurns = new Option<int?>("--max-turns") { Description = "Cap the agent's steps (API round trips) per turn for this tab; 0 removes the cap" };
        var command = new Command("run", "Run one agent turn in a workspace, streaming it here (through 'grove serve' when it runs)") { workspace, prompt, tab, agentKind, plan, agent, model, acceptEdits, bypass, askAgain, maxTurns };
        command.SetAction(async (parse, ct) =>
        {
            var request = new RunRequest(
                parse.GetValue(workspace)!,
                parse.GetValue(tab),
                parse.GetValue(prompt)!,
                parse.GetValue(plan) ? AgentMode.Plan : parse.GetValue(agent) ? AgentMode.Agent : null,
                parse.GetValue(model),
                parse.GetValue(askAgain) ? PermissionMode.Ask
                    : parse.GetValue(bypass) ? PermissionMode.Bypass
                    : parse.GetValue(acceptEdits) ? PermissionMode.AcceptEdits
                    : null,
                parse.GetValue(maxTurns),
                parse.GetValue(agentKind));

            using var server = GroveServerClient.TryConnect(GrovePaths.FromEnvironment(context.Environment));
            if (server is not null)
            {
                if (await RemoteRun.TryRunAsync(context, server, request, ct) is { } exitCode)
                {
                    return exitCode;
                }

                context.Warn($"the Grove server in server.json (port {server.Info.Port}) did not answer; running the agent here.");
            }

            return await LocalRun.RunAsync(context, request, ct);
        });
        return command;
    }
}
