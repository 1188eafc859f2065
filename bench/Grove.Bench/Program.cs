using Grove.Bench;

// Benchmarks print ratios against the baseline each issue names. They are not tests.
//   dotnet run -c Release --project bench/Grove.Bench -- [all|worktree|status] [--files N] [--workspaces N] [--runs N]
var options = BenchOptions.Parse(args);
Console.WriteLine($"Grove benchmarks ({Environment.ProcessorCount} cores, {Environment.OSVersion})");
if (options.Which is "all" or "worktree")
{
    await WorktreeCreationBench.RunAsync(options);
}

if (options.Which is "all" or "status")
{
    await StatusBench.RunAsync(options);
}

return 0;
