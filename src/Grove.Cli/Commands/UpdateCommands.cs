using System.CommandLine;
using System.CommandLine.Invocation;
using Grove.Core.Paths;
using Grove.Core.Updates;
using Grove.Services.Updates;

namespace Grove.Cli.Commands;

/// <summary>
/// <c>grove update</c> (download, verify and swap a single-file build; the exact command for a tool
/// install; <c>git pull</c> for a source checkout) and <c>grove --version</c> (version and commit, plus
/// the cached result of the last update check: never a request, never the database).
/// </summary>
internal static class UpdateCommands
{
    public static Command Build(CliContext context)
    {
        var command = new Command("update", "Update Grove to the newest release of the updates.url manifest (SHA-512 verified)");
        command.SetAction(async (parse, ct) =>
        {
            var outcome = await (await context.GetAsync<IUpdates>(ct)).UpdateAsync(ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, outcome);
                return ExitCodes.Success;
            }

            context.Out.WriteLine(outcome.Message);
            if (outcome.Command is { } run && outcome.Kind != InstallKind.SingleFile)
            {
                context.Out.WriteLine($"  {run}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Replaces System.CommandLine's version output with <see cref="VersionText"/>.</summary>
    public static void UseVersionText(RootCommand root, CliContext context)
    {
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new VersionAction(context);
        }
    }

    public static IEnumerable<string> VersionText(GroveVersion version, UpdateStatus? cached)
    {
        yield return version.ToString();
        if (cached is { UpdateAvailable: true } update && update.CurrentVersion == version.Version)
        {
            yield return $"{update.Notice}: run `grove update`.";
        }
    }

    private sealed class VersionAction(CliContext context) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var cached = UpdateCache.Read(GrovePaths.FromEnvironment(context.Environment));
            foreach (var line in VersionText(GroveVersion.Current, cached))
            {
                context.Out.WriteLine(line);
            }

            return ExitCodes.Success;
        }
    }
}
