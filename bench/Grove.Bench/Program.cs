using Grove.Bench;

// Benchmarks print ratios against the baseline each issue names. They are not tests.
//   dotnet run -c Release --project bench/Grove.Bench -- [all|worktree|status|transcript|ingest|admission|ui|gitidle|agents|memory|startup]
//       [--files N] [--workspaces N] [--runs N] [--appends N] [--events N] [--agents N] [--seconds N]
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

if (options.Which is "all" or "transcript")
{
    await TranscriptAppendBench.RunAsync(options);
}

if (options.Which is "all" or "ingest")
{
    await IngestBench.RunAsync(options);
}

if (options.Which is "all" or "admission")
{
    await AdmissionBench.RunAsync(options);
}

if (options.Which is "startup")
{
    // Not in "all": it publishes five builds.
    await StartupBench.RunAsync(options);
}

if (options.Which is "all" or "ui")
{
    await UiBench.RunAsync(options);
}

if (options.Which is "all" or "memory")
{
    await MemoryBench.RunAsync(options);
}

if (options.Which is "all" or "gitidle")
{
    await GitIdleBench.RunAsync(options);
}

if (options.Which is "all" or "agents")
{
    await ManyAgentsBench.RunAsync(options);
}

return 0;
