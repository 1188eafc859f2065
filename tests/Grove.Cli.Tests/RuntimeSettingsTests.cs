using System.Text.Json;

namespace Grove.Cli.Tests;

/// <summary>
/// The memory and CPU settings of the server (issue 12) reach the runtime: they live in the grove build's
/// runtimeconfig.json, which <c>dotnet grove.dll</c>, the .NET tool and the single file all read.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Theory]
    [InlineData("System.GC.Server", "false")]
    [InlineData("System.GC.Concurrent", "true")]
    [InlineData("System.GC.Gen0MaxBudget", "2097152")]
    [InlineData("System.GC.RegionSize", "1048576")]
    [InlineData("System.Runtime.TieredPGO", "false")]
    [InlineData("System.Runtime.TieredCompilation.CallCountThreshold", "256")]
    [InlineData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", "0")]
    public void Groves_runtime_config_carries_the_memory_setting(string name, string value)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "grove.runtimeconfig.json")));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty(name, out var actual), $"{name} is not in grove.runtimeconfig.json");
        Assert.Equal(value, actual.GetRawText());
    }
}
