using Grove.Agents.ClaudeCode;
using Grove.Agents.Tests.TestServices;
using Grove.Core.Paths;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Agents.Tests.ClaudeCode;

public sealed class OllamaProbeTests
{
    private static readonly CancellationToken Token = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lists_model_names_from_api_tags()
    {
        using var server = new LoopbackHttpServer(200, """{"models":[{"name":"qwen3-coder:30b","model":"qwen3-coder:30b","size":1},{"name":"llama3.2:latest"}]}""");
        using var http = new HttpClient();

        var models = await new OllamaProbe(http).ListModelsAsync(server.BaseUrl + "/", Token);

        Assert.Equal(["qwen3-coder:30b", "llama3.2:latest"], models);
        Assert.Equal("/api/tags", Assert.Single(server.Paths));
    }

    [Fact]
    public async Task The_registered_probe_makes_its_client_on_first_use_and_answers_again()
    {
        using var server = new LoopbackHttpServer(200, """{"models":[{"name":"qwen3-coder:30b"}]}""");
        using var provider = new ServiceCollection().AddSingleton(new GrovePaths("/data/grove")).AddGroveAgents().BuildServiceProvider();
        var probe = provider.GetRequiredService<IOllamaProbe>();
        Assert.False(Assert.IsType<OllamaProbe>(probe).HasClient);

        Assert.Equal(["qwen3-coder:30b"], await probe.ListModelsAsync(server.BaseUrl, Token));
        Assert.True(((OllamaProbe)probe).HasClient);
        Assert.Equal(["qwen3-coder:30b"], await probe.ListModelsAsync(server.BaseUrl, Token));
        Assert.Equal(2, server.Paths.Count);
    }

    [Fact]
    public async Task Error_status_or_bad_json_is_null()
    {
        using var failing = new LoopbackHttpServer(500, "{}");
        using var garbage = new LoopbackHttpServer(200, "<html>");
        using var http = new HttpClient();
        var probe = new OllamaProbe(http);

        Assert.Null(await probe.ListModelsAsync(failing.BaseUrl, Token));
        Assert.Null(await probe.ListModelsAsync(garbage.BaseUrl, Token));
    }

    [Fact]
    public async Task Server_that_does_not_answer_times_out_as_null()
    {
        using var server = new LoopbackHttpServer(200, "{}", hang: true);
        using var http = new HttpClient();

        Assert.Null(await new OllamaProbe(http, TimeSpan.FromMilliseconds(200)).ListModelsAsync(server.BaseUrl, Token));
    }

    [Fact]
    public async Task Nothing_listening_or_bad_url_is_null()
    {
        using var http = new HttpClient();
        var probe = new OllamaProbe(http);

        Assert.Null(await probe.ListModelsAsync("http://127.0.0.1:9", Token));
        Assert.Null(await probe.ListModelsAsync("file:///etc/passwd", Token));
        Assert.Null(await probe.ListModelsAsync("not a url", Token));
    }
}
