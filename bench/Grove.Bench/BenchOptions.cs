namespace Grove.Bench;

internal sealed record BenchOptions(string Which, int Files, int Workspaces, int Runs)
{
    public static BenchOptions Parse(string[] args)
    {
        var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
        return new BenchOptions(which, Int(args, "--files", 20_000), Int(args, "--workspaces", 50), Int(args, "--runs", 5));
    }

    private static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }
}
