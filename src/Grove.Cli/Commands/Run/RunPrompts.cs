using System.Text.Json;
using Grove.Server.Api;
using Grove.Services.Agents;

namespace Grove.Cli.Commands.Run;

/// <summary>
/// The interactive questions of <c>grove run</c>, the same whether the agent runs here or in the
/// server: a tool permission (y / n / a = always here / p = always in this project, with optional
/// feedback on no) and a plan approval (implement, or keep planning). Cancelling stops waiting for
/// the answer (the request was answered elsewhere) and throws <see cref="OperationCanceledException"/>.
/// </summary>
internal static class RunPrompts
{
    public static async Task<ApprovalAnswer> AskAsync(
        CliContext context, TranscriptPrinter printer, PromptInput answers, string toolName, string? description, JsonElement input, CancellationToken cancellationToken)
    {
        if (toolName == PermissionPolicy.ExitPlanMode)
        {
            printer.PrintPlan(TranscriptPrinter.PlanOf(input));
            context.Out.Write("Implement this plan? [i]mplement / [n]o, keep planning: ");
            var answer = (await answers.ReadLineAsync(cancellationToken))?.Trim().ToLowerInvariant();
            return answer is "i" or "implement" or "y" or "yes"
                ? new ApprovalAnswer(ApprovalChoice.Implement)
                : ApprovalAnswer.DenyWith(await FeedbackAsync(context, answers, cancellationToken) ?? "Keep planning.");
        }

        context.Out.Write($"Allow {toolName}{(description is null ? string.Empty : $" ({description})")}? [y]es / [n]o / [a]lways here / [p]roject-wide: ");
        return (await answers.ReadLineAsync(cancellationToken))?.Trim().ToLowerInvariant() switch
        {
            "y" or "yes" => ApprovalAnswer.Once,
            "a" or "always" => new ApprovalAnswer(ApprovalChoice.AlwaysForWorkspace),
            "p" => new ApprovalAnswer(ApprovalChoice.AlwaysForProject),
            null => ApprovalAnswer.DenyWith("No one was there to approve this (grove run had no input)."),
            _ => ApprovalAnswer.DenyWith(await FeedbackAsync(context, answers, cancellationToken) ?? "The user said no."),
        };
    }

    /// <summary>The answer as the server's approvals endpoint takes it.</summary>
    public static ApprovalBody ToBody(ApprovalAnswer answer) => answer.Choice switch
    {
        ApprovalChoice.AllowOnce => new ApprovalBody("once"),
        ApprovalChoice.AlwaysForWorkspace => new ApprovalBody("always-workspace"),
        ApprovalChoice.AlwaysForProject => new ApprovalBody("always-project"),
        ApprovalChoice.Implement => new ApprovalBody("implement"),
        ApprovalChoice.Answer => new ApprovalBody("answer", Answers: answer.Answers),
        _ => new ApprovalBody("deny", answer.Message),
    };

    private static async Task<string?> FeedbackAsync(CliContext context, PromptInput answers, CancellationToken cancellationToken)
    {
        context.Out.Write("Tell the agent why (optional): ");
        var text = await answers.ReadLineAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
