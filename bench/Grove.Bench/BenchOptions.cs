namespace Grove.Bench;

/// <summary>
/// Command-line options. <see cref="Appends"/> is the number of timed appends per transcript size;
/// <see cref="Events"/> the number of agent events in the generated stream-json recording;
/// <see cref="Agents"/> and <see cref="Seconds"/> the fake agents and how long each streams (agents, memory);
/// <see cref="Grove"/> the grove they serve from: <c>tool</c> (the packed .NET tool, installed as a user
/// installs it), <c>dll</c> (<c>dotnet grove.dll</c> of the Release build) or a path to a grove executable.
/// </summary>
internal sealed record BenchOptions(string Which, int Files, int Workspaces, int Runs, int Appends, int Events, int Agents, int Seconds, string Grove)
{
    /// <summary><c>--quick</c>: a short run that shows the bench works (agents: 10 agents × 5 s, 2 pages); numbers are rough.</summary>
    public bool Quick { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        // The benchmark's name: the first word that is neither an option nor an option's value.
        var which = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).FirstOrDefault() ?? "all";
        var quick = args.Contains("--quick");
        return new BenchOptions(
            which,
            Int(args, "--files", 20_000),
            Int(args, "--workspaces", 50),
            Int(args, "--runs", 5),
            Int(args, "--appends", 200),
            Int(args, "--events", 100_000),
            Int(args, "--agents", quick ? 10 : 100),
            Int(args, "--seconds", quick ? 5 : 60),
            Array.IndexOf(args, "--grove") is var g && g >= 0 && g + 1 < args.Length ? args[g + 1] : "tool") { Quick = quick };
    }

    private static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }
}
