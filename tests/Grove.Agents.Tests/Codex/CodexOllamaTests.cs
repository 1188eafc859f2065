using Grove.Core.Agents;
using Grove.Testing;

namespace Grove.Agents.Tests.Codex;

/// <summary>
/// Grove's offline mode (Ollama) for a Codex tab: Codex's built-in <c>ollama</c> provider pointed at a
/// loopback server standing in for Ollama. Through the app-server Codex 0.171 calls only Ollama's
/// Responses API (<c>POST /v1/responses</c>), so the Responses fake plays Ollama.
/// </summary>
public sealed class CodexOllamaTests
{
    [Fact]
    public async Task In_offline_mode_codex_asks_ollamas_responses_api_for_the_ollama_model()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var bed = await CodexBed.StartAsync(ct);
        bed.Api.Enqueue(FakeResponsesTurn.Text("Hello from Ollama"));
        var ollamaBase = bed.Api.ApiBaseUrl.TrimEnd('/')[..^"/v1".Length]; // Ollama's base, as Grove's ollama.base_url holds it
        var options = bed.Options() with
        {
            Auth = new AgentAuth { UseOllama = true, Ollama = new OllamaSettings(ollamaBase, "qwen3:0.6b") },
        };
        await using var session = await bed.Driver.StartAsync(options, ct);

        await session.SendUserMessageAsync("Say hello", cancellationToken: ct);
        var events = await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct);

        Assert.Equal("Hello from Ollama", events.OfType<TextEvent>().Single().Content);
        var request = await bed.Api.WaitForRequestAsync(1, ct);
        Assert.Equal(("/v1/responses", "qwen3:0.6b"), (request.Path, request.Model));
        Assert.All(bed.Api.Requests, r => Assert.Equal("/v1/responses", r.Path));
        Assert.Equal("qwen3:0.6b", events.OfType<InitEvent>().Single().Model);
    }
}
