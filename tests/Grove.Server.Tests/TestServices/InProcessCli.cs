using Grove.Cli;

namespace Grove.Server.Tests.TestServices;

/// <summary>Runs <c>grove</c> in-process on a data folder, with writers a test can wait on.</summary>
internal sealed class InProcessCli(string home)
{
    public SignalingWriter Out { get; } = new();

    public SignalingWriter Error { get; } = new();

    public Task<int> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var environment = new Dictionary<string, string> { ["GROVE_HOME"] = home };
        return GroveCli.RunAsync(args, Out, Error, key => environment.GetValueOrDefault(key), cancellationToken);
    }
}
