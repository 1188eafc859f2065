using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Grove.Bench;

/// <summary>
/// Issue 12's "git processes at idle": the real <c>grove serve</c> with <c>--agents</c> tabs (20 in
/// the issue's note) over <c>--workspaces</c> workspaces, 5 pages open, every tab's turn run once so
/// its agent is live; then nothing happens for <c>--seconds</c> and <c>strace -f -e trace=execve</c>
/// counts the git processes the server starts (target ~0: nothing changed on disk). Prints the
/// count per 10 s and the commands that ran most.
/// </summary>
internal static partial class GitIdleBench
{
    private const int PagesOpen = 5;

    public static async Task RunAsync(BenchOptions options)
    {
        var tabs = options.Agents == 100 ? 20 : options.Agents;
        var workspaces = Math.Min(tabs, options.Workspaces == 50 ? PagesOpen : options.Workspaces);
        var seconds = options.Seconds == 60 ? 10 : options.Seconds;
        Console.WriteLine();
        Console.WriteLine($"Git at idle: {tabs} tabs over {workspaces} workspaces, {PagesOpen} pages open, git processes counted for {seconds} s of idle");
        await using var load = await AgentLoad.StartAsync(tabs, workspaces, eventsPerTab: 5, perSecond: 50, options.Grove);
        var pages = new List<IPage>();
        foreach (var workspace in load.Workspaces.Take(PagesOpen))
        {
            pages.Add(await load.OpenPageAsync(workspace));
        }

        await load.SendAllAsync();
        var ended = await load.WaitTurnsEndedAsync(TimeSpan.FromSeconds(180));
        Console.WriteLine(ended ? $"  every tab ran one turn (agents live); server pid {load.Probe.Pid}" : "  NOT every turn ended");
        // Settle: the last turn's refreshes, the watchers' debounce.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var execs = await CountGitAsync(load.Probe.Pid, TimeSpan.FromSeconds(seconds));
        Console.WriteLine($"  git processes in {seconds} s of idle: {execs.Count} ({execs.Count * 10.0 / seconds:F1} per 10 s)   target ~0");
        Console.WriteLine($"  inotify: {InotifyWatches(load.Probe.Pid)}; {load.Probe.Breakdown()}");
        foreach (var line in execs.Take(3))
        {
            Console.WriteLine($"    e.g. {line}");
        }

        foreach (var group in execs.GroupBy(Verb).OrderByDescending(g => g.Count()).Take(12))
        {
            Console.WriteLine($"    {group.Count(),5}  git {group.Key}");
        }
    }

    /// <summary>The server's inotify instances and the watches they hold (from /proc/&lt;pid&gt;/fdinfo).</summary>
    private static string InotifyWatches(int pid)
    {
        var instances = 0;
        var watches = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is "anon_inode:inotify")
                {
                    instances++;
                    watches += File.ReadLines($"/proc/{pid}/fdinfo/{Path.GetFileName(fd)}").Count(l => l.StartsWith("inotify wd:", StringComparison.Ordinal));
                }
            }
            catch (IOException)
            {
                // The descriptor closed meanwhile.
            }
        }

        return $"{instances} instance(s), {watches} watches";
    }

    /// <summary>The argument lists of the git processes <paramref name="pid"/> (and its children) start during <paramref name="duration"/>.</summary>
    private static async Task<List<string>> CountGitAsync(int pid, TimeSpan duration)
    {
        var output = Path.Combine(Path.GetTempPath(), $"grove-bench-strace-{pid}.txt");
        var start = new ProcessStartInfo("strace")
        {
            ArgumentList = { "-f", "-qq", "-e", "trace=execve", "-e", "signal=none", "-s", "200", "-o", output, "-p", pid.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardError = true,
        };
        using var strace = Process.Start(start) ?? throw new InvalidOperationException("strace did not start (apt-get install strace).");
        await Task.Delay(duration);
        strace.Kill();
        await strace.WaitForExitAsync();
        var lines = File.Exists(output) ? await File.ReadAllLinesAsync(output) : [];
        File.Delete(output);
        return [.. lines.Select(l => GitExec().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value)];
    }

    /// <summary>The git subcommand and its first arguments, without <c>-c key=value</c> and <c>-C dir</c>.</summary>
    private static string Verb(string arguments)
    {
        var words = arguments.Split("\", \"").Select(w => w.Trim('"')).Skip(1).ToList();
        var kept = new List<string>();
        for (var i = 0; i < words.Count && kept.Count < 3; i++)
        {
            if (words[i] is "-c" or "-C")
            {
                i++;
                continue;
            }

            kept.Add(words[i].Length > 40 ? words[i][..40] : words[i]);
        }

        return string.Join(' ', kept);
    }

    [GeneratedRegex("""execve\("[^"]*/git", \[(.*?)\]""")]
    private static partial Regex GitExec();

}
