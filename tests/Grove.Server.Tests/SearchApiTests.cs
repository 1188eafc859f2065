using System.Text.Json;
using Grove.Core.Agents;
using Grove.Data.Stores;
using Grove.Server.Tests.TestServices;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Server.Tests;

/// <summary><c>GET /api/search</c>: hits name their workspace and tab, and a fork's copies are not repeated.</summary>
public sealed class SearchApiTests
{
    [Fact]
    public async Task Search_NamesWorkspaceAndTab_AndFindsAnEventAForkCopiedOnlyInTheOriginal()
    {
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create();
        var (workspaceId, _, tabId) = await bed.CreateTabAsync(repo);
        var store = bed.Server.Services.GetRequiredService<ITranscriptStore>();
        var at = DateTimeOffset.UtcNow;
        AgentEvent[] events = [new UserEvent("Explain the gravel build"), new TextEvent("msg_1", "Gravel uses dotnet.")];
        var original = await store.AppendManyAsync([.. events.Select(e => e.ToTranscriptEvent(tabId, at))], ServerBed.Ct);

        // What a fork stores: the original's events as they are, in a new tab of the same workspace.
        var fork = await bed.PostJsonAsync($"api/workspaces/{workspaceId}/tabs", new { name = "fork" });
        var forkId = fork.GetProperty("id").GetString()!;
        await store.AppendManyAsync([.. original.Select(e => e with { TabId = forkId })], ServerBed.Ct);
        await store.AppendAsync(new TextEvent("msg_2", "Only the fork mentions gravel twice, gravel.").ToTranscriptEvent(forkId, at.AddSeconds(1)), ServerBed.Ct);

        var hits = await bed.GetJsonAsync<JsonElement>("api/search?q=gravel");

        var list = hits.EnumerateArray().ToList();
        Assert.Equal(3, list.Count);
        Assert.All(list, h => Assert.Equal("agent", h.GetProperty("workspaceName").GetString()));
        Assert.Equal(2, list.Count(h => h.GetProperty("tabName").GetString() == "main"));
        var forkHit = Assert.Single(list, h => h.GetProperty("tabName").GetString() == "fork");
        Assert.Equal(3, forkHit.GetProperty("sequence").GetInt64());
        Assert.Equal(forkId, forkHit.GetProperty("tabId").GetString());
    }
}
