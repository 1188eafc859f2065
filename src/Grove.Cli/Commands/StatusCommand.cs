using System.CommandLine;
using Grove.Core.Budgets;
using Grove.Services.Admission;
using Grove.Services.Budgets;

namespace Grove.Cli.Commands;

/// <summary><c>grove status</c>: agents running and waiting (per workspace), the limits, memory and today's spend.</summary>
internal static class StatusCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("status", "Agents running and waiting per workspace, the admission limits, free memory and today's spend");
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.AppAsync(ct);
            var summary = await app.Get<ITurnAdmission>().SummaryAsync(ct);
            var spend = await app.Get<IBudgets>().SpendAsync(cancellationToken: ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, new { admission = summary, todayUsd = spend.TodayUsd, totalUsd = spend.TotalUsd });
                return ExitCodes.Success;
            }

            var perProject = summary.MaxRunningPerProject is { } cap ? $", at most {cap} per project" : string.Empty;
            context.Out.WriteLine($"{summary.Running} running, {summary.Waiting} waiting (at most {summary.MaxRunning} at once{perProject}).");
            if (summary.AvailableMemoryMb is { } free)
            {
                context.Out.WriteLine(summary.LowMemory
                    ? $"Low memory: {free} MB free, under {summary.MinFreeMemoryMb} MB; new turns wait."
                    : $"Memory: {free} MB free (turns wait under {summary.MinFreeMemoryMb} MB).");
            }

            context.Out.WriteLine($"Spent today {BudgetRules.Usd(spend.TodayUsd)}.");
            var busy = summary.Workspaces.Where(w => w.Running + w.Waiting > 0).ToList();
            if (busy.Count > 0)
            {
                Table.Write(context.Out, ["project", "workspace", "running", "waiting", "idle"], busy.Select(w => (IReadOnlyList<string?>)
                [
                    w.Project, w.Workspace, w.Running.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    w.Waiting.ToString(System.Globalization.CultureInfo.InvariantCulture), w.Idle.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ]));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
