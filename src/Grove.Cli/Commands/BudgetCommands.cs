using System.CommandLine;
using System.Globalization;
using Grove.Core.Budgets;
using Grove.Core.Errors;
using Grove.Services.Budgets;

namespace Grove.Cli.Commands;

/// <summary><c>grove budget show</c> and <c>grove budget set (--workspace w | --project p | --daily) &lt;usd&gt;</c>.</summary>
internal static class BudgetCommands
{
    public static Command Build(CliContext context)
    {
        var budget = new Command("budget", "Spend budgets in USD per workspace, per project and per day");
        budget.Subcommands.Add(Show(context));
        budget.Subcommands.Add(Set(context));
        return budget;
    }

    private static Command Show(CliContext context)
    {
        var command = new Command("show", "Every budget with what was spent against it, and today's spend");
        command.SetAction(async (parse, ct) =>
        {
            var budgets = await context.GetAsync<IBudgets>(ct);
            var list = await budgets.ListAsync(ct);
            var spend = await budgets.SpendAsync(cancellationToken: ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, new
                {
                    budgets = list.Select(b => new { scope = AgentCommands.Lower(b.Scope), target = b.Name, targetId = b.TargetId, limitUsd = b.LimitUsd, spentUsd = b.SpentUsd, reached = b.Reached, warning = b.Warning }),
                    todayUsd = spend.TodayUsd,
                    totalUsd = spend.TotalUsd,
                });
                return ExitCodes.Success;
            }

            context.Out.WriteLine($"Spent today {BudgetRules.Usd(spend.TodayUsd)}, in total {BudgetRules.Usd(spend.TotalUsd)}.");
            if (list.Count == 0)
            {
                context.Out.WriteLine("No budgets. Set one with 'grove budget set --workspace <w> 5' (or --project <p>, or --daily).");
                return ExitCodes.Success;
            }

            Table.Write(context.Out, ["budget", "spent", "limit", "used", "state"], list.Select(b => (IReadOnlyList<string?>)
            [
                b.Label, BudgetRules.Usd(b.SpentUsd), BudgetRules.Usd(b.LimitUsd), $"{Math.Floor(b.Fraction * 100):0}%",
                b.Reached ? "reached: turns refused" : b.Warning ? "over 80%" : "ok",
            ]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Set(CliContext context)
    {
        var usd = new Argument<string?>("usd") { Description = "The limit in USD (0 removes the budget)", Arity = ArgumentArity.ZeroOrOne };
        var workspace = new Option<string?>("--workspace", "-w") { Description = "A budget for this workspace" };
        var project = new Option<string?>("--project", "-p") { Description = "A budget for every workspace of this project" };
        var daily = new Option<bool>("--daily") { Description = "A budget for each day (local time), everywhere" };
        var clear = new Option<bool>("--clear") { Description = "Remove the budget" };
        var command = new Command("set", "Set or remove a spend budget: grove budget set (--workspace w | --project p | --daily) <usd>") { usd, workspace, project, daily, clear };
        command.SetAction(async (parse, ct) =>
        {
            var targets = new[] { parse.GetValue(workspace) is not null, parse.GetValue(project) is not null, parse.GetValue(daily) }.Count(t => t);
            if (targets != 1)
            {
                throw new GroveException(ErrorKind.InvalidInput, "Name one budget: --workspace <w>, --project <p> or --daily.");
            }

            var (scope, target) = parse.GetValue(workspace) is { } w ? (BudgetScope.Workspace, w)
                : parse.GetValue(project) is { } p ? (BudgetScope.Project, p)
                : (BudgetScope.Daily, (string?)null);
            var budgets = await context.GetAsync<IBudgets>(ct);
            if (parse.GetValue(clear))
            {
                var removed = await budgets.ClearAsync(scope, target, ct);
                context.Out.WriteLine(removed ? "Budget removed." : "There was no such budget.");
                return ExitCodes.Success;
            }

            if (!decimal.TryParse((parse.GetValue(usd) ?? string.Empty).TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture, out var limit) || limit < 0)
            {
                throw new GroveException(ErrorKind.InvalidInput, "Give the budget in USD, e.g. 'grove budget set --daily 20' (0 or --clear removes it).");
            }

            var status = await budgets.SetAsync(scope, target, limit, ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write<object>(context.Out, status is null
                    ? new { removed = true }
                    : new { scope = AgentCommands.Lower(status.Scope), target = status.Name, limitUsd = status.LimitUsd, spentUsd = status.SpentUsd });
            }
            else
            {
                context.Out.WriteLine(status is null
                    ? "Budget removed."
                    : $"Budget for {status.Label}: {BudgetRules.Usd(status.LimitUsd)} (spent {BudgetRules.Usd(status.SpentUsd)}).");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
