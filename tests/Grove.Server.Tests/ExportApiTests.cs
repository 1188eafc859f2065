using System.Net;
using System.Text.Json;
using Grove.Core.Agents;
using Grove.Data.Stores;
using Grove.Server.Tests.TestServices;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Server.Tests;

/// <summary><c>GET /api/tabs/{tab}/export</c>: a download of the transcript, behind the token like everything else.</summary>
public sealed class ExportApiTests
{
    private static async Task<(ServerBed Bed, TestRepository Repo, string TabId)> StartWithTranscriptAsync()
    {
        var bed = await ServerBed.StartAsync();
        var repo = TestRepository.Create();
        var (_, _, tabId) = await bed.CreateTabAsync(repo);
        var store = bed.Server.Services.GetRequiredService<ITranscriptStore>();
        AgentEvent[] events = [new UserEvent("Explain the build"), new TextEvent("msg_1", "It uses **dotnet**."), new ResultEvent("s1", false) { DurationMs = 1500 }];
        foreach (var e in events)
        {
            await store.AppendAsync(e.ToTranscriptEvent(tabId, DateTimeOffset.UnixEpoch), ServerBed.Ct);
        }

        return (bed, repo, tabId);
    }

    [Fact]
    public async Task Markdown_IsAnAttachmentNamedAfterTheWorkspaceAndTab()
    {
        var (bed, repo, tabId) = await StartWithTranscriptAsync();
        await using var _ = bed;
        using var __ = repo;

        using var response = await bed.Client.GetAsync($"api/tabs/{tabId}/export?format=markdown", ServerBed.Ct);
        var body = await response.Content.ReadAsStringAsync(ServerBed.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("agent-main.md", response.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        Assert.Contains("## You\n\nExplain the build", body.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("It uses **dotnet**.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_HoldsTheEvents()
    {
        var (bed, repo, tabId) = await StartWithTranscriptAsync();
        await using var _ = bed;
        using var __ = repo;

        using var response = await bed.Client.GetAsync($"api/tabs/{tabId}/export?format=json", ServerBed.Ct);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ServerBed.Ct));

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("agent-main.json", response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.Equal(["user", "text", "result"], document.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task WithoutTheToken_ItIsRefused()
    {
        var (bed, repo, tabId) = await StartWithTranscriptAsync();
        await using var _ = bed;
        using var __ = repo;

        using var response = await bed.Anonymous.GetAsync($"api/tabs/{tabId}/export?format=markdown", ServerBed.Ct);
        var body = await response.Content.ReadAsStringAsync(ServerBed.Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("Explain the build", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownTabOrFormat_IsAProblem_NotAFile()
    {
        var (bed, repo, tabId) = await StartWithTranscriptAsync();
        await using var _ = bed;
        using var __ = repo;

        using var missing = await bed.Client.GetAsync("api/tabs/tab_nothere/export", ServerBed.Ct);
        using var badFormat = await bed.Client.GetAsync($"api/tabs/{tabId}/export?format=pdf", ServerBed.Ct);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Null(missing.Content.Headers.ContentDisposition);
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        Assert.Contains("markdown or json", await badFormat.Content.ReadAsStringAsync(ServerBed.Ct), StringComparison.Ordinal);
    }
}
