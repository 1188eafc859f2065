using System.Globalization;
using Grove.Core.Processes;

namespace Grove.Bench;

/// <summary>
/// Reads one process from /proc (Linux): CPU time (utime + stime of that process only, not its
/// children: the fake agents are children), resident memory, and the private/shared split of
/// <c>/proc/&lt;pid&gt;/smaps_rollup</c>.
/// </summary>
internal sealed class ServerProbe(int pid)
{
    /// <summary>Clock ticks per second of /proc/&lt;pid&gt;/stat (USER_HZ, 100 on every Linux .NET runs on).</summary>
    private const double TicksPerSecond = 100;

    public int Pid => pid;

    /// <summary>Seconds of CPU the process itself has used (user + system).</summary>
    public double CpuSeconds => ProcStat.Read(pid) is { } stat ? stat.CpuTicks / TicksPerSecond : 0;

    /// <summary>CPU ticks of each live thread whose name starts with <paramref name="namePrefix"/>, by thread id.</summary>
    public Dictionary<int, long> ThreadTicks(string namePrefix)
    {
        var result = new Dictionary<int, long>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(namePrefix, StringComparison.Ordinal)
                        && int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid)
                        && ProcStat.Parse(tid, File.ReadAllText(Path.Combine(task, "stat"))) is { } stat)
                    {
                        result[tid] = stat.CpuTicks;
                    }
                }
                catch (IOException)
                {
                    // The thread ended meanwhile.
                }
            }
        }
        catch (IOException)
        {
        }

        return result;
    }

    internal static double Seconds(long ticks) => ticks / TicksPerSecond;

    /// <summary>Resident set size in bytes (VmRSS).</summary>
    public long Rss => Rollup().GetValueOrDefault("Rss") * 1024;

    /// <summary>smaps_rollup's fields in kB (Rss, Pss, Private_Clean, Private_Dirty, Shared_Clean, Shared_Dirty, Anonymous…).</summary>
    public Dictionary<string, long> Rollup()
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                var parts = line.Split(':', 2);
                if (parts.Length == 2 && parts[1].Trim().Split(' ')[0] is var number && long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
                {
                    result[parts[0]] = kb;
                }
            }
        }
        catch (IOException)
        {
        }

        return result;
    }

    /// <summary>One line: RSS, PSS, private and shared (MB).</summary>
    public string Breakdown()
    {
        var r = Rollup();
        double Mb(string key) => r.GetValueOrDefault(key) / 1024.0;
        var privateMb = Mb("Private_Clean") + Mb("Private_Dirty");
        var sharedMb = Mb("Shared_Clean") + Mb("Shared_Dirty");
        return string.Create(CultureInfo.InvariantCulture,
            $"Rss {Mb("Rss"):F1}  Pss {Mb("Pss"):F1}  private {privateMb:F1} (clean {Mb("Private_Clean"):F1}, dirty {Mb("Private_Dirty"):F1})  shared {sharedMb:F1} (clean {Mb("Shared_Clean"):F1}, dirty {Mb("Shared_Dirty"):F1})  anon {Mb("Anonymous"):F1} MB");
    }
}

/// <summary>
/// Samples a process's RSS every 250 ms in the background: peak and average over the run; and the
/// CPU of the runtime's background tiered compiler (thread ".NET Tiered Com…", which exits when idle
/// and comes back, so its ticks are summed per thread as they rise).
/// </summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private const string TieredCompilerThread = ".NET Tiered Com";

    private readonly List<long> _samples = [];
    private readonly Dictionary<int, long> _jitTicks = [];
    private long _jitTotal;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RssSampler(ServerProbe probe)
    {
        _jitTicks = probe.ThreadTicks(TieredCompilerThread);
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var rss = probe.Rss;
                var jit = probe.ThreadTicks(TieredCompilerThread);
                lock (_samples)
                {
                    _samples.Add(rss);
                    foreach (var (tid, ticks) in jit)
                    {
                        _jitTotal += ticks - _jitTicks.GetValueOrDefault(tid);
                        _jitTicks[tid] = ticks;
                    }
                }

                try
                {
                    await Task.Delay(250, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    public long Peak
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count == 0 ? 0 : _samples.Max();
            }
        }
    }

    /// <summary>Seconds of CPU the background tiered compiler used while sampling (re-JIT at tier 1: warm-up, not the steady state).</summary>
    public double TieredJitSeconds
    {
        get
        {
            lock (_samples)
            {
                return ServerProbe.Seconds(_jitTotal);
            }
        }
    }

    public double Average
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count == 0 ? 0 : _samples.Average();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
