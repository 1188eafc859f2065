using System.Diagnostics;
using System.Globalization;
using Grove.Services.Updates;
using Grove.Testing;

namespace Grove.Bench;

/// <summary>
/// Cold start of <c>grove --version</c> and <c>grove ws list</c> (empty data folder) for each way Grove
/// can be built: framework-dependent (the baseline, what the .NET tool runs), framework-dependent with
/// ReadyToRun, self-contained single file, single file with ReadyToRun, and single file with the
/// tiered-compilation knobs (<c>TieredCompilation=0</c>, <c>TC_QuickJitForLoops=0</c>). Each variant is
/// published to a temp folder, run once to warm the disk cache (and extract a single file), then
/// <c>--runs</c> times; medians and ratios against the baseline. The release script's settings follow it.
/// </summary>
internal static class StartupBench
{
    private sealed record Variant(string Name, string Folder, IReadOnlyList<string> PublishArgs, IReadOnlyDictionary<string, string> Environment);

    public static async Task RunAsync(BenchOptions options)
    {
        var runs = Math.Max(5, options.Runs);
        var rid = InstallLocation.CurrentPlatform();
        var repository = RepositoryRoot();
        var project = Path.Combine(repository, "src", "Grove.Cli", "Grove.Cli.csproj");
        using var root = new TempDirectory("grove-startup");
        var none = new Dictionary<string, string>();
        string[] singleFile = ["-r", rid, "--self-contained", "-p:PublishSingleFile=true"];
        Variant[] variants =
        [
            new("framework-dependent", "fd", [], none),
            new("framework-dependent + R2R", "fd-r2r", ["-r", rid, "--no-self-contained", "-p:PublishReadyToRun=true"], none),
            new("single-file", "sf", singleFile, none),
            new("single-file + R2R", "sf-r2r", [.. singleFile, "-p:PublishReadyToRun=true"], none),
            new("single-file + R2R, TC off", "sf-r2r", [], new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" }),
            new("single-file + R2R, no quick jit for loops", "sf-r2r", [], new Dictionary<string, string> { ["DOTNET_TC_QuickJitForLoops"] = "0" }),
        ];

        Console.WriteLine($"startup: publishing {variants.Select(v => v.Folder).Distinct().Count()} builds for {rid} (slow)");
        foreach (var variant in variants.Where(v => v.PublishArgs.Count > 0 || v.Folder == "fd").DistinctBy(v => v.Folder))
        {
            var output = Path.Combine(root.Path, variant.Folder);
            var (exit, text) = await RunAsync("dotnet", ["publish", project, "-c", "Release", "-o", output, "-nologo", "-v", "q", "-p:DebugType=none", .. variant.PublishArgs], none, root.Path);
            if (exit != 0)
            {
                Console.WriteLine($"startup: publishing {variant.Name} failed:\n{text}");
                return;
            }
        }

        Console.WriteLine($"startup: {runs} runs each, medians in ms (ratio to framework-dependent)");
        Console.WriteLine($"  {"variant",-44} {"size MB",8} {"--version",16} {"ws list",16}");
        double? baseVersion = null, baseList = null;
        foreach (var variant in variants)
        {
            var folder = Path.Combine(root.Path, variant.Folder);
            var exe = Path.Combine(folder, OperatingSystem.IsWindows() ? "grove.exe" : "grove");
            var size = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1024.0 / 1024.0;
            var home = Directory.CreateDirectory(Path.Combine(root.Path, "home-" + Guid.NewGuid().ToString("N"))).FullName;
            var environment = new Dictionary<string, string>(variant.Environment) { ["GROVE_HOME"] = home, ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = Path.Combine(root.Path, "extract") };
            var version = await TimeAsync(exe, ["--version"], environment, runs);
            var list = await TimeAsync(exe, ["ws", "list"], environment, runs);
            baseVersion ??= version;
            baseList ??= list;
            Console.WriteLine($"  {variant.Name,-44} {size,8:F1} {Cell(version, baseVersion.Value),16} {Cell(list, baseList.Value),16}");
        }
    }

    private static string Cell(double ms, double baseline) =>
        string.Create(CultureInfo.InvariantCulture, $"{ms,6:F0} ({ms / baseline:F2}x)");

    private static async Task<double> TimeAsync(string exe, string[] args, IReadOnlyDictionary<string, string> environment, int runs)
    {
        // One untimed run: the data folder's database is created, a single file extracts its content.
        var (warmExit, warmText) = await RunAsync(exe, args, environment, null);
        if (warmExit != 0)
        {
            throw new InvalidOperationException($"{exe} {string.Join(' ', args)} exited {warmExit}: {warmText}");
        }

        var samples = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await RunAsync(exe, args, environment, null);
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        return BenchStats.Median(samples);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string? workingDirectory)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Grove.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Grove.slnx not found above the bench.");
    }
}
