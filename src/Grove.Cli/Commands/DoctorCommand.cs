using System.CommandLine;
using Grove.Services.Doctor;

namespace Grove.Cli.Commands;

internal static class DoctorCommand
{
    public static Command Build(CliContext context)
    {
        var fix = new Option<bool>("--fix") { Description = "Repair what can be repaired (prune stale registrations, archive workspaces whose worktree vanished, adopt unknown worktrees)" };
        var command = new Command("doctor", "Reconcile Grove's records with git's worktrees; reports, and fixes only with --fix") { fix };
        command.SetAction(async (parse, ct) =>
        {
            var report = await (await context.GetAsync<IDoctorService>(ct)).CheckAsync(parse.GetValue(fix), ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, report);
            }
            else
            {
                context.Out.WriteLine($"Checked {report.ProjectsChecked} project(s), {report.WorkspacesChecked} workspace(s).");
                if (report.Issues.Count == 0)
                {
                    context.Out.WriteLine("Everything is in order.");
                }

                foreach (var issue in report.Issues)
                {
                    context.Out.WriteLine($"  [{(issue.Fixed ? "fixed" : "found")}] {issue.Kind}: {issue.Message}");
                    if (!issue.Fixed)
                    {
                        context.Out.WriteLine($"          fix: {issue.Fix}");
                    }
                }

                if (!report.Healthy && !parse.GetValue(fix))
                {
                    context.Out.WriteLine("Run 'grove doctor --fix' to repair.");
                }
            }

            return report.Healthy ? ExitCodes.Success : ExitCodes.DoctorFoundIssues;
        });
        return command;
    }
}
