using System.Diagnostics;
using System.Globalization;
using Grove.Services.Updates;
using Grove.Testing;

namespace Grove.Bench;

/// <summary>
/// Cold start of <c>grove --version</c> and <c>grove ws list</c> (empty data folder) for each way Grove
/// can be built: the installed .NET tool (with the project's shipped settings; <c>--grove tool</c>, the
/// default), framework-dependent (the baseline), framework-dependent with ReadyToRun, self-contained
/// single file, single file with ReadyToRun (and composite), and the tiered-compilation knobs
/// (<c>TieredCompilation=0</c>, <c>TC_QuickJitForLoops=0</c>). Each variant is published to a temp
/// folder and run once to warm the disk cache (and extract a single file); then <c>--runs</c> rounds time
/// every variant once each. Medians of wall time (ratio to the baseline) and of the child's CPU time.
/// </summary>
internal static class StartupBench
{
    private sealed record Variant(string Name, string Folder, IReadOnlyList<string> PublishArgs, IReadOnlyDictionary<string, string> Environment);

    public static async Task RunAsync(BenchOptions options)
    {
        var runs = Math.Max(5, options.Runs);
        var rid = InstallLocation.CurrentPlatform();
        var project = GroveBuilds.Project;
        using var root = new TempDirectory("grove-startup");
        var none = new Dictionary<string, string>();
        string[] singleFile = ["-r", rid, "--self-contained", "-p:PublishSingleFile=true"];
        Variant[] variants =
        [
            new("framework-dependent", "fd", [], none),
            new("framework-dependent + R2R", "fd-r2r", ["-r", rid, "--no-self-contained", "-p:PublishReadyToRun=true"], none),
            new("single-file", "sf", singleFile, none),
            new("framework-dependent + R2R, TC off", "fd-r2r", [], new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" }),
            new("single-file + R2R", "sf-r2r", [.. singleFile, "-p:PublishReadyToRun=true"], none),
            new("single-file + R2R composite", "sf-r2rc", [.. singleFile, "-p:PublishReadyToRun=true", "-p:PublishReadyToRunComposite=true"], none),
            new("single-file + R2R, TC off", "sf-r2r", [], new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" }),
            new("single-file + R2R, no quick jit for loops", "sf-r2r", [], new Dictionary<string, string> { ["DOTNET_TC_QuickJitForLoops"] = "0" }),
        ];

        string? toolCommand = null;
        Console.WriteLine($"startup: publishing {variants.Select(v => v.Folder).Distinct().Count()} builds for {rid} (slow)");
        foreach (var variant in variants.Where(v => v.PublishArgs.Count > 0 || v.Folder == "fd").DistinctBy(v => v.Folder))
        {
            var output = Path.Combine(root.Path, variant.Folder);
            var (exit, text) = await GroveBuilds.RunAsync("dotnet", ["publish", project, "-c", "Release", "-o", output, "-nologo", "-v", "q", "-p:DebugType=none", .. variant.PublishArgs], none, root.Path);
            if (exit != 0)
            {
                Console.WriteLine($"startup: publishing {variant.Name} failed:\n{text}");
                return;
            }
        }

        if (options.Grove == "tool")
        {
            // What `dotnet tool install` gives a user, with the project's shipped settings.
            var tool = await GroveBuilds.InstallToolAsync(Directory.CreateDirectory(Path.Combine(root.Path, "tool")).FullName);
            variants = [new("installed .NET tool (shipped settings)", "tool", [], none), .. variants];
            toolCommand = tool;
        }

        var targets = variants.Select(variant =>
        {
            var folder = Path.Combine(root.Path, variant.Folder);
            var exe = variant.Folder == "tool" ? toolCommand! : Path.Combine(folder, OperatingSystem.IsWindows() ? "grove.exe" : "grove");
            var size = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1024.0 / 1024.0;
            var home = Directory.CreateDirectory(Path.Combine(root.Path, "home-" + Guid.NewGuid().ToString("N"))).FullName;
            var environment = new Dictionary<string, string>(variant.Environment) { ["GROVE_HOME"] = home, ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = Path.Combine(root.Path, "extract") };
            return (Variant: variant, Exe: exe, Size: size, Environment: environment, Version: new List<(double Wall, double Cpu)>(), List: new List<(double Wall, double Cpu)>());
        }).ToList();

        // One untimed run each: the data folder's database is created, a single file extracts its content.
        foreach (var target in targets)
        {
            foreach (var args in new[] { VersionArgs, ListArgs })
            {
                var (exit, text) = await GroveBuilds.RunAsync(target.Exe, args, target.Environment, null);
                if (exit != 0)
                {
                    Console.WriteLine($"startup: {target.Variant.Name}: grove {string.Join(' ', args)} exited {exit}: {text}");
                    return;
                }
            }
        }

        // Round robin (each run times every variant once): the machine's load drifts over minutes and
        // would otherwise favour whichever variant ran in a quiet moment. CPU (user + system of the
        // child, from this process's cutime/cstime) varies much less with load than wall time.
        for (var run = 0; run < runs; run++)
        {
            foreach (var target in targets)
            {
                target.Version.Add(await TimeOnceAsync(target.Exe, VersionArgs, target.Environment));
                target.List.Add(await TimeOnceAsync(target.Exe, ListArgs, target.Environment));
            }
        }

        Console.WriteLine($"startup: {runs} runs each, round robin; medians in ms, wall (ratio to framework-dependent) and CPU");
        Console.WriteLine($"  {"variant",-44} {"size MB",8} {"--version wall",18} {"cpu",5} {"ws list wall",18} {"cpu",5}");
        var baseline = targets.First(t => t.Variant.Folder == "fd");
        var baseVersion = BenchStats.Median(baseline.Version.Select(s => s.Wall));
        var baseList = BenchStats.Median(baseline.List.Select(s => s.Wall));
        foreach (var target in targets)
        {
            var version = BenchStats.Median(target.Version.Select(s => s.Wall));
            var list = BenchStats.Median(target.List.Select(s => s.Wall));
            var versionCpu = BenchStats.Median(target.Version.Select(s => s.Cpu));
            var listCpu = BenchStats.Median(target.List.Select(s => s.Cpu));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {target.Variant.Name,-44} {target.Size,8:F1} {Cell(version, baseVersion),18} {versionCpu,5:F0} {Cell(list, baseList),18} {listCpu,5:F0}"));
        }
    }

    private static readonly string[] VersionArgs = ["--version"];
    private static readonly string[] ListArgs = ["ws", "list"];

    private static string Cell(double ms, double baseline) =>
        string.Create(CultureInfo.InvariantCulture, $"{ms,6:F0} ({ms / baseline:F2}x)");

    private static async Task<(double Wall, double Cpu)> TimeOnceAsync(string exe, string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var cpu = ChildrenCpuMs();
        var watch = Stopwatch.StartNew();
        await GroveBuilds.RunAsync(exe, args, environment, null);
        return (watch.Elapsed.TotalMilliseconds, ChildrenCpuMs() - cpu);
    }

    /// <summary>CPU of this process's exited (waited-for) children so far, in ms: /proc/self/stat's cutime + cstime.</summary>
    private static double ChildrenCpuMs()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command's closing parenthesis: field 3 is index 0, so cutime (16) and cstime (17) are 13 and 14.
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) * 10.0;
    }
}
