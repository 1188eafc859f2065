using System.Collections.Concurrent;
using System.Diagnostics;

namespace Grove.Agents.Processes;

/// <summary>
/// Starts a long-lived agent process detached from Grove's terminal and tied to Grove's life.
/// <list type="bullet">
/// <item>Its own session (util-linux <c>setsid</c>, an exec wrapper given an argument list, never a
/// shell): a Ctrl-C in Grove's terminal reaches Grove only, which then interrupts the agent through
/// its protocol instead of the agent dying on the signal.</item>
/// <item>Linux: a parent-death signal (util-linux <c>setpriv --pdeathsig KILL</c>): when Grove dies,
/// even by <c>kill -9</c>, the kernel kills the agent, so it cannot finish a reply Grove never stores.
/// The signal follows the thread that started the process, so every agent is started from one
/// dedicated thread that lives as long as Grove (a pool thread could retire and kill the agent).</item>
/// </list>
/// Also used for a workspace's run script (Grove.Services <c>WorkspaceRuns</c>), whose whole session is
/// stopped as a group. Both wrappers exec in place (same pid). Where they are missing (macOS, minimal containers) the
/// agent starts directly, as before: in Grove's process group and without the parent-death tie.
/// </summary>
public static class AgentProcessLauncher
{
    private static readonly string[] Folders = ["/usr/bin", "/bin", "/usr/sbin", "/sbin"];
    private static readonly BlockingCollection<Action> Work = [];
    private static readonly Lazy<Thread> Spawner = new(StartSpawner);

    /// <summary>The wrapper programs found on this machine (null when absent).</summary>
    public static string? Setsid { get; } = Find("setsid");

    public static string? Setpriv { get; } = OperatingSystem.IsLinux() ? Find("setpriv") : null;

    /// <summary>True when the agent gets its own session here.</summary>
    public static bool Detaches => Setsid is not null && !OperatingSystem.IsWindows();

    /// <summary>Puts the wrappers in front of <paramref name="startInfo"/>'s program, keeping its arguments as a list.</summary>
    public static void Wrap(ProcessStartInfo startInfo)
    {
        if (!Detaches)
        {
            return;
        }

        List<string> prefix = [];
        if (Setpriv is not null)
        {
            prefix.AddRange([Setpriv, "--pdeathsig", "KILL"]);
        }

        prefix.Add(startInfo.FileName);
        for (var i = 0; i < prefix.Count; i++)
        {
            startInfo.ArgumentList.Insert(i, prefix[i]);
        }

        startInfo.FileName = Setsid!;
    }

    /// <summary>Starts <paramref name="process"/> on the long-lived spawner thread.</summary>
    public static void Start(Process process)
    {
        if (Setpriv is null)
        {
            process.Start();
            return;
        }

        _ = Spawner.Value;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Work.Add(() =>
        {
            try
            {
                process.Start();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        done.Task.GetAwaiter().GetResult();
    }

    private static Thread StartSpawner()
    {
        var thread = new Thread(() =>
        {
            foreach (var action in Work.GetConsumingEnumerable())
            {
                action();
            }
        })
        {
            IsBackground = true,
            Name = "Grove agent spawner",
        };
        thread.Start();
        return thread;
    }

    private static string? Find(string name) =>
        OperatingSystem.IsWindows() ? null : Folders.Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
}
