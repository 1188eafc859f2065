using System.CommandLine;
using Grove.Core.Conflicts;
using Grove.Services.Conflicts;

namespace Grove.Cli.Commands;

/// <summary><c>grove conflicts [--project p] [--json]</c>: the conflict radar.</summary>
internal static class ConflictsCommand
{
    public static Command Build(CliContext context)
    {
        var project = new Option<string?>("--project", "-p") { Description = "Only this project (id, name or path)" };
        var command = new Command("conflicts", "Files changed in two or more active workspaces of a project, and whether merging them would conflict (git merge-tree dry run)") { project };
        command.SetAction(async (parse, ct) =>
        {
            var radar = await context.GetAsync<IConflictRadar>(ct);
            IReadOnlyList<ConflictReport> reports = parse.GetValue(project) is { } one
                ? [await radar.GetAsync(one, cancellationToken: ct)]
                : await radar.GetAllAsync(cancellationToken: ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, reports);
                return ExitCodes.Success;
            }

            var overlaps = reports.SelectMany(r => r.Overlaps.Select(o => (Report: r, Overlap: o))).ToList();
            if (overlaps.Count == 0)
            {
                context.Out.WriteLine("No two active workspaces change the same files.");
                return ExitCodes.Success;
            }

            Table.Write(context.Out, ["project", "workspaces", "result", "files"], overlaps.Select(x => (IReadOnlyList<string?>)
            [
                x.Report.Project,
                $"{x.Overlap.A.Workspace} ↔ {x.Overlap.B.Workspace}",
                Describe(x.Overlap),
                string.Join(", ", x.Overlap.Conflicts ? x.Overlap.ConflictedFiles : x.Overlap.Files),
            ]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Describe(WorkspaceOverlap overlap) =>
        overlap.Error is not null ? "unknown (dry run failed)"
        : overlap.Conflicts ? "conflict"
        : "overlap, merges cleanly";
}
