using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grove.Server.Tests.TestServices;
using Grove.Testing;

namespace Grove.Server.Tests;

/// <summary>/api/budgets, /api/workspaces/{w}/budgets, /api/status and the refusal of a message past a budget.</summary>
public sealed class BudgetsApiTests
{
    [Fact]
    public async Task A_message_past_the_budget_is_refused_with_402_and_reaches_no_model()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        using var repo = TestRepository.Create();
        var (ws, _, tab) = await bed.CreateTabAsync(repo);
        bed.Api!.Enqueue(FakeResponse.Text("First answer."));

        using (var set = await bed.Client.PutAsJsonAsync("api/budgets", new { scope = "workspace", target = ws, usd = 0.0001m }, ServerBed.Ct))
        {
            await ServerBed.EnsureAsync(set);
            var view = await set.Content.ReadFromJsonAsync<JsonElement>(ServerBed.Ct);
            Assert.Equal(0.0001m, view.GetProperty("limitUsd").GetDecimal());
        }

        await SendAndWaitForIdleAsync(bed, tab, "Say something");
        var requests = bed.Api.Requests.Count;

        using var refused = await bed.Client.PostAsJsonAsync($"api/tabs/{tab}/messages", new { text = "Say more" }, ServerBed.Ct);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(ServerBed.Ct);

        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        Assert.Equal("budgetReached", problem.GetProperty("errorKind").GetString(), ignoreCase: true);
        Assert.StartsWith("Budget reached: workspace 'agent' spent $", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(requests, bed.Api.Requests.Count);

        var forWorkspace = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{ws}/budgets");
        Assert.True(forWorkspace[0].GetProperty("reached").GetBoolean());
        var all = await bed.GetJsonAsync<JsonElement>("api/budgets");
        Assert.True(all.GetProperty("todayUsd").GetDecimal() > 0);

        using var removed = await bed.Client.DeleteAsync($"api/budgets/workspace?target={ws}", ServerBed.Ct);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(0, (await bed.GetJsonAsync<JsonElement>("api/budgets")).GetProperty("budgets").GetArrayLength());
    }

    [Fact]
    public async Task Status_reports_the_limits_and_a_bad_scope_is_a_400()
    {
        await using var bed = await ServerBed.StartAsync();
        using (var cap = await bed.Client.PutAsJsonAsync("api/settings/agents.max_running", new { value = "7" }, ServerBed.Ct))
        {
            await ServerBed.EnsureAsync(cap);
        }

        var status = await bed.GetJsonAsync<JsonElement>("api/status");
        Assert.Equal(7, status.GetProperty("admission").GetProperty("maxRunning").GetInt32());
        Assert.Equal(0, status.GetProperty("admission").GetProperty("waiting").GetInt32());

        using var bad = await bed.Client.PutAsJsonAsync("api/budgets", new { scope = "weekly", usd = 5m }, ServerBed.Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    /// <summary>Sends a message and follows the tab's stream (opened first) until the turn's end: its cost is stored by then.</summary>
    private static async Task SendAndWaitForIdleAsync(ServerBed bed, string tab, string text)
    {
        using var response = await bed.Client.GetAsync($"api/tabs/{tab}/stream", HttpCompletionOption.ResponseHeadersRead, ServerBed.Ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ServerBed.Ct));
        await bed.PostJsonAsync($"api/tabs/{tab}/messages", new { text });
        while (await reader.ReadLineAsync(ServerBed.Ct) is { } line)
        {
            if (line.Contains("\"idle\"", StringComparison.Ordinal))
            {
                return;
            }
        }
    }
}
