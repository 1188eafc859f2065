using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Grove.Bench;

/// <summary>
/// What one timed span of the ingest bench cost the whole process: wall and CPU time (every thread),
/// collections per generation and their pause, bytes allocated, methods the JIT compiled (tier-0,
/// OSR and tier-1 re-JITs alike), thread-pool work items (a subscriber's wake is one) and context
/// switches (getrusage: voluntary ones are waits, involuntary ones are the machine's other load).
/// </summary>
internal readonly record struct RunProbe(
    long Ticks, double CpuSeconds, int Gen0, int Gen1, int Gen2, TimeSpan Pause, long Allocated, long JitMethods, TimeSpan JitTime,
    long WorkItems, long VoluntarySwitches, long InvoluntarySwitches)
{
    public static RunProbe Now()
    {
        var (voluntary, involuntary) = ContextSwitches();
        using var self = Process.GetCurrentProcess();
        return new RunProbe(
            Stopwatch.GetTimestamp(),
            self.TotalProcessorTime.TotalSeconds,
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration(),
            GC.GetTotalAllocatedBytes(precise: false),
            System.Runtime.JitInfo.GetCompiledMethodCount(),
            System.Runtime.JitInfo.GetCompilationTime(),
            ThreadPool.CompletedWorkItemCount,
            voluntary,
            involuntary);
    }

    /// <summary>This probe minus an earlier one: the cost of the span between them.</summary>
    public RunCost Since(RunProbe start) => new(
        Stopwatch.GetElapsedTime(start.Ticks, Ticks).TotalSeconds,
        CpuSeconds - start.CpuSeconds,
        Gen0 - start.Gen0,
        Gen1 - start.Gen1,
        Gen2 - start.Gen2,
        (Pause - start.Pause).TotalSeconds,
        Allocated - start.Allocated,
        JitMethods - start.JitMethods,
        (JitTime - start.JitTime).TotalSeconds,
        WorkItems - start.WorkItems,
        VoluntarySwitches - start.VoluntarySwitches,
        InvoluntarySwitches - start.InvoluntarySwitches);

    /// <summary>Full blocking collections and compaction, so a run does not pay for what the one before it left.</summary>
    public static void Settle()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static (long Voluntary, long Involuntary) ContextSwitches()
    {
        if (!OperatingSystem.IsLinux() || NativeMethods.GetRusage(0, out var usage) != 0)
        {
            return (0, 0);
        }

        return (usage.Nvcsw, usage.Nivcsw);
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int GetRusage(int who, out Rusage usage);
    }

    /// <summary>struct rusage on 64-bit Linux: two timevals, then fourteen longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UtimeSeconds;
        public long UtimeMicros;
        public long StimeSeconds;
        public long StimeMicros;
        public long Maxrss;
        public long Ixrss;
        public long Idrss;
        public long Isrss;
        public long Minflt;
        public long Majflt;
        public long Nswap;
        public long Inblock;
        public long Oublock;
        public long Msgsnd;
        public long Msgrcv;
        public long Nsignals;
        public long Nvcsw;
        public long Nivcsw;
    }
}

/// <summary>The cost of one timed span (see <see cref="RunProbe"/>).</summary>
internal readonly record struct RunCost(
    double Seconds, double CpuSeconds, int Gen0, int Gen1, int Gen2, double PauseSeconds, long Allocated, long JitMethods, double JitSeconds,
    long WorkItems, long VoluntarySwitches, long InvoluntarySwitches)
{
    public string Describe() =>
        $"{Seconds * 1000,6:0} ms wall {CpuSeconds * 1000,6:0} ms cpu  gc {Gen0,3}/{Gen1,2}/{Gen2,2} pause {PauseSeconds * 1000,4:0} ms  " +
        $"alloc {Allocated / 1_048_576.0,5:0} MB  jit {JitMethods,4} ({JitSeconds * 1000,4:0} ms)  pool items {WorkItems,6}  cs {VoluntarySwitches,6}v {InvoluntarySwitches,5}i";
}
