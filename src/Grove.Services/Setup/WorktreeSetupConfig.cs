using System.Text.Json;
using Grove.Core.Errors;

namespace Grove.Services.Setup;

/// <summary>One setup step: a shell line from the project's config, or an argument list.</summary>
public sealed record SetupCommand(string? ShellLine, IReadOnlyList<string>? Arguments)
{
    public string Display => ShellLine ?? string.Join(' ', Arguments ?? []);
}

/// <summary>
/// The project's worktree scripts, from the first of these files that exists: <c>.grove/worktree.json</c>,
/// <c>.1code/worktree.json</c>, <c>.cursor/worktrees.json</c>, Conductor's <c>conductor.json</c>,
/// Superset's <c>.superset/config.json</c>, Emdash's <c>.emdash.json</c> (Grove's own file wins).
/// Setup keys: <c>setup-worktree-unix</c> / <c>-windows</c> / <c>setup-worktree</c> (Cursor and 1Code),
/// or <c>setup</c>; beside it <c>run</c> (the long-running app, started by the Run button) and
/// <c>teardown</c> (run on archive). Conductor and Emdash nest them under <c>scripts</c>, and
/// Conductor calls teardown <c>archive</c>. Each a string or an array of strings (shell lines) and,
/// in Grove's file, arrays of arguments (no shell). <c>timeoutSeconds</c> bounds each setup and
/// teardown command (default 300).
/// </summary>
public sealed record WorktreeSetupConfig(string SourceFile, IReadOnlyList<SetupCommand> Commands, TimeSpan Timeout)
{
    public static readonly string[] Candidates =
        [".grove/worktree.json", ".1code/worktree.json", ".cursor/worktrees.json", "conductor.json", ".superset/config.json", ".emdash.json"];

    /// <summary>The run script: its lines run as one shell script (or one argument list).</summary>
    public IReadOnlyList<SetupCommand> Run { get; init; } = [];

    /// <summary>Teardown commands, run one after the other when the workspace is archived.</summary>
    public IReadOnlyList<SetupCommand> Teardown { get; init; } = [];

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Reads the first config found in <paramref name="folders"/> (in order). Null when none exists.</summary>
    public static WorktreeSetupConfig? Find(params string[] folders)
    {
        foreach (var folder in folders)
        {
            foreach (var candidate in Candidates)
            {
                var file = Path.Combine(folder, candidate);
                if (File.Exists(file) && new FileInfo(file).LinkTarget is null)
                {
                    return Parse(candidate, File.ReadAllText(file));
                }
            }
        }

        return null;
    }

    /// <summary>Parses a config's text; malformed text is an InvalidInput error naming the file.</summary>
    public static WorktreeSetupConfig Parse(string sourceFile, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new GroveException(ErrorKind.InvalidInput, $"{sourceFile}: expected a JSON object.");
            }

            var platformKey = OperatingSystem.IsWindows() ? "setup-worktree-windows" : "setup-worktree-unix";
            var nested = Path.GetFileName(sourceFile) is "conductor.json" or ".emdash.json";
            var scripts = root;
            if (nested && (!root.TryGetProperty("scripts", out scripts) || scripts.ValueKind != JsonValueKind.Object))
            {
                return new WorktreeSetupConfig(sourceFile, [], DefaultTimeout);
            }

            var steps = First(scripts, "setup", platformKey, "setup-worktree");
            var run = First(scripts, "run");
            var teardown = First(scripts, "teardown", "archive");

            var timeout = DefaultTimeout;
            if (root.TryGetProperty("timeoutSeconds", out var t) && t.TryGetInt32(out var seconds) && seconds > 0)
            {
                timeout = TimeSpan.FromSeconds(seconds);
            }

            return new WorktreeSetupConfig(sourceFile, steps is null ? [] : ReadSteps(sourceFile, steps.Value), timeout)
            {
                Run = run is null ? [] : ReadSteps(sourceFile, run.Value),
                Teardown = teardown is null ? [] : ReadSteps(sourceFile, teardown.Value),
            };
        }
        catch (JsonException ex)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"{sourceFile} is not valid JSON: {ex.Message}");
        }
    }

    private static JsonElement? First(JsonElement root, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (root.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value;
            }
        }

        return null;
    }

    private static List<SetupCommand> ReadSteps(string sourceFile, JsonElement steps)
    {
        var commands = new List<SetupCommand>();
        switch (steps.ValueKind)
        {
            case JsonValueKind.String:
                AddLine(commands, steps.GetString());
                break;
            case JsonValueKind.Array:
                foreach (var step in steps.EnumerateArray())
                {
                    if (step.ValueKind == JsonValueKind.String)
                    {
                        AddLine(commands, step.GetString());
                    }
                    else if (step.ValueKind == JsonValueKind.Array && step.EnumerateArray().All(a => a.ValueKind == JsonValueKind.String) && step.GetArrayLength() > 0)
                    {
                        commands.Add(new SetupCommand(null, [.. step.EnumerateArray().Select(a => a.GetString()!)]));
                    }
                    else
                    {
                        throw new GroveException(ErrorKind.InvalidInput, $"{sourceFile}: each script step must be a string or an array of strings.");
                    }
                }

                break;
            default:
                throw new GroveException(ErrorKind.InvalidInput, $"{sourceFile}: setup, run and teardown must each be a string or an array.");
        }

        return commands;
    }

    private static void AddLine(List<SetupCommand> commands, string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            commands.Add(new SetupCommand(line, null));
        }
    }
}
