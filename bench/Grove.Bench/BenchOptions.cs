namespace Grove.Bench;

/// <summary>
/// Command-line options. <see cref="Appends"/> is the number of timed appends per transcript size;
/// <see cref="Events"/> the number of agent events in the generated stream-json recording;
/// <see cref="Agents"/> and <see cref="Seconds"/> the fake agents and how long each streams (agents, memory).
/// </summary>
internal sealed record BenchOptions(string Which, int Files, int Workspaces, int Runs, int Appends, int Events, int Agents, int Seconds)
{
    /// <summary><c>--quick</c>: a short run that shows the bench works (agents: 10 agents × 5 s, 2 pages); numbers are rough.</summary>
    public bool Quick { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
        var quick = args.Contains("--quick");
        return new BenchOptions(
            which,
            Int(args, "--files", 20_000),
            Int(args, "--workspaces", 50),
            Int(args, "--runs", 5),
            Int(args, "--appends", 200),
            Int(args, "--events", 100_000),
            Int(args, "--agents", quick ? 10 : 100),
            Int(args, "--seconds", quick ? 5 : 60)) { Quick = quick };
    }

    private static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }
}
