using System.Text.Json;
using Grove.Core.Errors;

namespace Grove.Services.Setup;

/// <summary>One setup step: a shell line from the project's config, or an argument list.</summary>
public sealed record SetupCommand(string? ShellLine, IReadOnlyList<string>? Arguments)
{
    public string Display => ShellLine ?? string.Join(' ', Arguments ?? []);
}

/// <summary>
/// The project's worktree setup: <c>.grove/worktree.json</c>, else <c>.1code/worktree.json</c>,
/// else <c>.cursor/worktrees.json</c>. Keys: <c>setup-worktree-unix</c> / <c>-windows</c> /
/// <c>setup-worktree</c> (Cursor and 1Code), or Grove's <c>setup</c>; each a string or an array of
/// strings (shell lines) and, in Grove's file, arrays of arguments (no shell). <c>timeoutSeconds</c>
/// bounds each command (default 300).
/// </summary>
public sealed record WorktreeSetupConfig(string SourceFile, IReadOnlyList<SetupCommand> Commands, TimeSpan Timeout)
{
    public static readonly string[] Candidates = [".grove/worktree.json", ".1code/worktree.json", ".cursor/worktrees.json"];

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
            JsonElement? steps = null;
            foreach (var key in new[] { "setup", platformKey, "setup-worktree" })
            {
                if (root.TryGetProperty(key, out var value))
                {
                    steps = value;
                    break;
                }
            }

            var timeout = DefaultTimeout;
            if (root.TryGetProperty("timeoutSeconds", out var t) && t.TryGetInt32(out var seconds) && seconds > 0)
            {
                timeout = TimeSpan.FromSeconds(seconds);
            }

            return new WorktreeSetupConfig(sourceFile, steps is null ? [] : ReadSteps(sourceFile, steps.Value), timeout);
        }
        catch (JsonException ex)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"{sourceFile} is not valid JSON: {ex.Message}");
        }
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
                        throw new GroveException(ErrorKind.InvalidInput, $"{sourceFile}: each setup step must be a string or an array of strings.");
                    }
                }

                break;
            default:
                throw new GroveException(ErrorKind.InvalidInput, $"{sourceFile}: setup must be a string or an array.");
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
