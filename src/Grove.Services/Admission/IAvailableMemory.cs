namespace Grove.Services.Admission;

/// <summary>How much memory the machine has available for new work (a seam: tests inject a reading).</summary>
public interface IAvailableMemory
{
    /// <summary>Available bytes now, or null when the system does not say.</summary>
    long? AvailableBytes();
}

/// <summary>
/// Linux: <c>MemAvailable</c> from <c>/proc/meminfo</c> (what the kernel can give without swapping);
/// elsewhere the GC's view of the machine (total available minus the memory load).
/// </summary>
internal sealed class SystemAvailableMemory : IAvailableMemory
{
    private const string MemInfo = "/proc/meminfo";

    public long? AvailableBytes()
    {
        if (OperatingSystem.IsLinux() && ReadMemInfo() is { } bytes)
        {
            return bytes;
        }

        var info = GC.GetGCMemoryInfo();
        return info.TotalAvailableMemoryBytes > 0 ? Math.Max(0, info.TotalAvailableMemoryBytes - info.MemoryLoadBytes) : null;
    }

    internal static long? ParseMemAvailable(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            if (!line.StartsWith("MemAvailable:", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line["MemAvailable:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length > 0 && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var kb)
                ? kb * 1024
                : null;
        }

        return null;
    }

    private static long? ReadMemInfo()
    {
        try
        {
            return ParseMemAvailable(File.ReadLines(MemInfo));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
