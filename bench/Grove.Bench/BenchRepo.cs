using System.Diagnostics;
using Grove.Testing;

namespace Grove.Bench;

/// <summary>Generated repositories and timed external commands for the benchmarks.</summary>
internal static class BenchRepo
{
    /// <summary>A repo with <paramref name="files"/> small files spread over folders, one commit on main.</summary>
    public static TestRepository Generate(int files)
    {
        var repo = TestRepository.Create();
        for (var i = 0; i < files; i++)
        {
            var dir = Path.Combine(repo.Path, "src", $"d{i / 200:000}");
            if (i % 200 == 0)
            {
                Directory.CreateDirectory(dir);
            }

            File.WriteAllText(Path.Combine(dir, $"f{i:00000}.txt"), $"file {i}\nline two\nline three\n");
        }

        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", $"{files} files");
        return repo;
    }

    public static TimeSpan Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed;
    }

    public static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var sw = Stopwatch.StartNew();
        await action();
        return sw.Elapsed;
    }

    public static double Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Select(v => v.TotalMilliseconds).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
