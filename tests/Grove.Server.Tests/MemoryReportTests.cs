using Grove.Server.Hosting;
using Grove.Testing;

namespace Grove.Server.Tests;

/// <summary>The GROVE_DEBUG_MEMORY report: a line as soon as it starts, with the GC's and the JIT's figures.</summary>
public sealed class MemoryReportTests
{
    [Fact]
    public async Task Writes_a_line_with_heap_collections_and_jit_figures_as_soon_as_it_starts()
    {
        using var folder = new TempDirectory("grove-memory-report");
        var path = folder.Combine("report.txt");
        using var report = new MemoryReport(path, TimeProvider.System);

        await report.StartAsync(TestContext.Current.CancellationToken);
        var lines = await WaitForLinesAsync(path, 1);
        await report.StopAsync(TestContext.Current.CancellationToken);

        Assert.Matches(@"^\d\d:\d\d:\d\d heap [0-9.]+ fragmented [0-9.]+ committed [0-9.]+ allocated \d+ gc0 \d+ gc1 \d+ gc2 \d+ pause \d+ms \([0-9.]+%\) jit \d+ methods \d+ms pool threads \d+", lines[0]);
    }

    /// <summary>The report's file once it holds <paramref name="count"/> lines (written by its background loop).</summary>
    private static async Task<string[]> WaitForLinesAsync(string path, int count)
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        while (true)
        {
            if (File.Exists(path) && File.ReadAllLines(path) is { } lines && lines.Length >= count)
            {
                return lines;
            }

            await Task.Yield();
            ct.ThrowIfCancellationRequested();
        }
    }
}
