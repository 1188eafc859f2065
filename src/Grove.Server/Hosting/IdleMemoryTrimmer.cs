using System.Runtime;
using System.Runtime.InteropServices;

namespace Grove.Server.Hosting;

/// <summary>
/// Gives memory back once a burst of work is over. The GC keeps the heap it grew during a busy
/// spell (garbage promoted to gen2 is collected only when more is promoted), and glibc keeps the
/// native memory the runtime freed, so a server that streamed for a while stays at its peak
/// while it sits idle. When the process has allocated a lot since the last trim and then goes
/// quiet (<see cref="IdleTrimPolicy"/>), this runs one compacting full collection that returns
/// free regions to the OS, then <c>malloc_trim</c> on Linux.
/// </summary>
internal sealed partial class IdleMemoryTrimmer(TimeProvider time, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    /// <summary>How often the allocation counter is looked at.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private static bool s_mallocTrimMissing = !OperatingSystem.IsLinux();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var policy = new IdleTrimPolicy(GC.GetTotalAllocatedBytes());
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (policy.ShouldTrim(GC.GetTotalAllocatedBytes()))
                {
                    Trim();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Trim()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!s_mallocTrimMissing)
        {
            try
            {
                _ = MallocTrim(0);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc (musl has no malloc_trim): the GC part is done all the same.
                s_mallocTrimMissing = true;
            }
        }

        LogTrimmed(logger, GC.GetGCMemoryInfo().TotalCommittedBytes / (1024 * 1024));
    }

    [LibraryImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Idle: memory trimmed, GC heap committed {CommittedMb} MB")]
    private static partial void LogTrimmed(ILogger logger, long committedMb);
}

/// <summary>
/// When to trim (see <see cref="IdleMemoryTrimmer"/>): after at least <see cref="BurstBytes"/>
/// were allocated since the last trim, at the first check that finds fewer than
/// <see cref="QuietBytes"/> allocated since the check before (the burst is over).
/// </summary>
internal sealed class IdleTrimPolicy(long allocatedAtStart)
{
    /// <summary>A burst worth trimming after (the GC's own budgets absorb less).</summary>
    internal const long BurstBytes = 64L * 1024 * 1024;

    /// <summary>Allocated between two checks by a process that is idle (timers, a sidebar refresh).</summary>
    internal const long QuietBytes = 4L * 1024 * 1024;

    private long _lastCheck = allocatedAtStart;
    private long _lastTrim = allocatedAtStart;

    /// <summary>Takes the process's total allocated bytes at a check; true when it is time to trim.</summary>
    public bool ShouldTrim(long totalAllocated)
    {
        var sinceCheck = totalAllocated - _lastCheck;
        _lastCheck = totalAllocated;
        if (sinceCheck >= QuietBytes || totalAllocated - _lastTrim < BurstBytes)
        {
            return false;
        }

        _lastTrim = totalAllocated;
        return true;
    }
}
