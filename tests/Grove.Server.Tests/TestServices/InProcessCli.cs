using Grove.Testing;
using Grove.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Server.Tests.TestServices;

/// <summary>
/// Runs <c>grove</c> in-process on a data folder, with writers a test can wait on, scripted stdin
/// (<see cref="Input"/>) and service changes for the app it starts when it runs without a server.
/// </summary>
internal sealed class InProcessCli(string home)
{
    public SignalingWriter Out { get; } = new();

    public SignalingWriter Error { get; } = new();

    /// <summary>What the user types (permission answers), line by line.</summary>
    public string? Input { get; init; }

    /// <summary>A reader for stdin instead of <see cref="Input"/> (e.g. one that never ends).</summary>
    public TextReader? Reader { get; init; }

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public Task<int> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var environment = new Dictionary<string, string> { ["GROVE_HOME"] = home };
        return GroveCli.RunAsync(args, Out, Error, key => environment.GetValueOrDefault(key), cancellationToken, Reader ?? (Input is null ? null : new StringReader(Input)), ConfigureServices);
    }
}
