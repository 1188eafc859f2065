namespace Grove.Bench;

/// <summary>
/// With GROVE_BENCH_PAUSE=PATH, a bench stops at a stage while the file PATH exists (created here, holding
/// the server's pid) so that /proc/PID/smaps, dotnet-gcdump or dotnet-counters can look; delete the file to go on.
/// </summary>
internal static class BenchPause
{
    public static async Task AtAsync(int serverPid, string where)
    {
        if (Environment.GetEnvironmentVariable("GROVE_BENCH_PAUSE") is not { Length: > 0 } path)
        {
            return;
        }

        await File.WriteAllTextAsync(path, $"{serverPid}\n");
        Console.WriteLine($"  paused ({where}): server pid {serverPid}; delete {path} to go on");
        while (File.Exists(path))
        {
            await Task.Delay(500);
        }
    }
}
