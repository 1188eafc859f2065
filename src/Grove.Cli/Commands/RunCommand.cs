using System.CommandLine;
using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Services.Workspaces;

namespace Grove.Cli.Commands;

/// <summary>
/// <c>grove run &lt;workspace&gt; "prompt"</c>: one agent turn in the terminal. Streams the reply,
/// asks each permission (y / n / a = always here / p = always in this project), Ctrl-C interrupts.
/// </summary>
internal static class RunCommand
{
    public static Command Build(CliContext context)
    {
        var workspace = new Argument<string>("workspace") { Description = "Workspace name, id or project/name" };
        var prompt = new Argument<string>("prompt") { Description = "What to ask the agent" };
        var tab = new Option<string?>("--tab", "-t") { Description = "Tab name (created if missing; default: the workspace's first tab)" };
        var plan = new Option<bool>("--plan") { Description = "Plan mode: read-only until you approve the plan" };
        var agent = new Option<bool>("--agent") { Description = "Switch the tab back to agent mode" };
        var model = new Option<string?>("--model", "-m") { Description = "Model alias or name (opus, sonnet, haiku…)" };
        var acceptEdits = new Option<bool>("--accept-edits") { Description = "Opt in for this tab: allow file edits inside the worktree without asking" };
        var bypass = new Option<bool>("--bypass") { Description = "Opt in for this tab: allow every tool call without asking (plans and questions still ask)" };
        var askAgain = new Option<bool>("--ask") { Description = "Return the tab to asking before each tool call" };
        var command = new Command("run", "Run one agent turn in a workspace, streaming it here") { workspace, prompt, tab, plan, agent, model, acceptEdits, bypass, askAgain };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.AppAsync(ct);
            var tabs = app.Get<IAgentTabs>();
            var runs = app.Get<IAgentRuns>();
            await runs.RecoverAsync(ct);
            var target = await FindOrCreateTabAsync(app.Get<IWorkspaceService>(), tabs, parse.GetValue(workspace)!, parse.GetValue(tab), ct);
            target = await tabs.UpdateAsync(target.Id, t => t with
            {
                Mode = parse.GetValue(plan) ? AgentMode.Plan : parse.GetValue(agent) ? AgentMode.Agent : t.Mode,
                Model = parse.GetValue(model) ?? t.Model,
                PermissionMode = parse.GetValue(askAgain) ? PermissionMode.Ask
                    : parse.GetValue(bypass) ? PermissionMode.Bypass
                    : parse.GetValue(acceptEdits) ? PermissionMode.AcceptEdits
                    : t.PermissionMode,
            }, ct);

            var after = await app.Get<ITranscriptStore>().CountAsync(target.Id, ct);
            var result = await RunTurnAsync(context, runs, target, parse.GetValue(prompt)!, after, ct);
            return result is { IsError: false } ? ExitCodes.Success : ExitCodes.AgentFailed;
        });
        return command;
    }

    private static async Task<ResultEvent?> RunTurnAsync(CliContext context, IAgentRuns runs, AgentTab tab, string prompt, long after, CancellationToken ct)
    {
        var printer = new TranscriptPrinter(context.Out);
        using var follow = new CancellationTokenSource();
        var interrupted = false;
        var retrying = false;
        await using var onCancel = ct.Register(() => _ = InterruptAsync());
        async Task InterruptAsync()
        {
            interrupted = true;
            context.Error.WriteLine("\n› interrupting…");
            await runs.InterruptAsync(tab.Id, CancellationToken.None);
        }

        try
        {
            await runs.SendAsync(tab.Id, prompt, ct);
            await foreach (var live in runs.Events.SubscribeAsync(tab.Id, after, includeLiveOnly: true, follow.Token))
            {
                printer.Print(live);
                if (live.Kind == "tab_status" && live.PayloadJson.Contains("needsinput", StringComparison.Ordinal))
                {
                    foreach (var pending in runs.GetPending(tab.Id))
                    {
                        await runs.AnswerAsync(pending.Id, Ask(context, pending), CancellationToken.None);
                    }
                }
                else if (live.Kind == AgentEventKinds.Error && live.PayloadJson.Contains("session_not_found", StringComparison.Ordinal))
                {
                    // Grove clears the lost session and re-sends the message in a fresh one: keep following.
                    retrying = true;
                }
                else if (live.Kind == AgentEventKinds.Result)
                {
                    var result = (ResultEvent)AgentEventJson.Deserialize(live.PayloadJson);
                    if (retrying && result.IsError)
                    {
                        retrying = false;
                        continue;
                    }

                    return result;
                }
                else if (live.Kind == "tab_status" && live.PayloadJson.Contains("error", StringComparison.Ordinal) && !runs.IsBusy(tab.Id))
                {
                    return null;
                }
            }

            return null;
        }
        catch (OperationCanceledException) when (interrupted)
        {
            return null;
        }
        finally
        {
            await runs.StopAsync(tab.Id, CancellationToken.None);
        }
    }

    private static ApprovalAnswer Ask(CliContext context, PendingApproval pending)
    {
        var request = pending.Request;
        if (request.ToolName == PermissionPolicy.ExitPlanMode)
        {
            context.Out.WriteLine("── plan ──");
            context.Out.WriteLine(request.Input.ValueKind == JsonValueKind.Object && request.Input.TryGetProperty("plan", out var plan) ? plan.GetString() : "(the plan is in the messages above)");
            context.Out.Write("Implement this plan? [i]mplement / [n]o, keep planning: ");
            var answer = context.In.ReadLine()?.Trim().ToLowerInvariant();
            return answer is "i" or "implement" or "y" or "yes"
                ? new ApprovalAnswer(ApprovalChoice.Implement)
                : ApprovalAnswer.DenyWith(Feedback(context) ?? "Keep planning.");
        }

        context.Out.Write($"Allow {request.ToolName}{(request.Description is null ? string.Empty : $" ({request.Description})")}? [y]es / [n]o / [a]lways here / [p]roject-wide: ");
        return context.In.ReadLine()?.Trim().ToLowerInvariant() switch
        {
            "y" or "yes" => ApprovalAnswer.Once,
            "a" or "always" => new ApprovalAnswer(ApprovalChoice.AlwaysForWorkspace),
            "p" => new ApprovalAnswer(ApprovalChoice.AlwaysForProject),
            null => ApprovalAnswer.DenyWith("No one was there to approve this (grove run had no input)."),
            _ => ApprovalAnswer.DenyWith(Feedback(context) ?? "The user said no."),
        };
    }

    private static string? Feedback(CliContext context)
    {
        context.Out.Write("Tell the agent why (optional): ");
        var text = context.In.ReadLine();
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static async Task<AgentTab> FindOrCreateTabAsync(IWorkspaceService workspaces, IAgentTabs tabs, string workspace, string? name, CancellationToken ct)
    {
        var resolved = await workspaces.ResolveAsync(workspace, ct);
        var existing = await tabs.ListAsync(resolved.Id, ct);
        var found = name is null ? (existing.Count > 0 ? existing[0] : null) : existing.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
        return found ?? await tabs.CreateAsync(new CreateTabRequest { Workspace = resolved.Id, Name = name }, ct);
    }
}
