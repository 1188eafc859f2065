using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grove.Server.Tests.TestServices;
using Grove.Testing;
using Grove.Testing.Mcp;

namespace Grove.Server.Tests;

/// <summary><c>/api/mcp/…</c> over real HTTP: add, list with probe, trust, switch, test, remove; bad input is a 400 with one line.</summary>
public sealed class McpApiTests
{
    [Fact]
    public async Task Servers_are_added_listed_trusted_switched_tested_and_removed_over_http()
    {
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create();
        var workspaceId = await bed.CreateWorkspaceAsync(repo);
        File.WriteAllText(Path.Combine(repo.Path, ".mcp.json"), $$"""{ "mcpServers": { "shared": { "command": "node", "args": ["{{McpEverything.EntryPath}}", "stdio"] } } }""");
        await using var web = await FakeMcpHttpServer.StartAsync(ServerBed.Ct);

        await bed.PostJsonAsync("api/mcp/servers", new
        {
            definition = new { name = "web", transport = "http", url = web.Url.ToString() },
            scope = "local",
            project = repo.Path,
        });
        var before = await bed.GetJsonAsync<JsonElement>($"api/mcp/servers?workspace={workspaceId}");
        var trust = await bed.PostJsonAsync($"api/mcp/trust?project={Uri.EscapeDataString(repo.Path)}", null);
        using (var put = await bed.Client.PutAsJsonAsync("api/mcp/servers/web/enabled", new { enabled = false, workspace = workspaceId }, ServerBed.Json, ServerBed.Ct))
        {
            await ServerBed.EnsureAsync(put);
        }

        var after = await bed.GetJsonAsync<JsonElement>($"api/mcp/servers?workspace={workspaceId}");
        var tested = await bed.PostJsonAsync($"api/mcp/servers/shared/test?workspace={workspaceId}", null);
        using var invalid = await bed.Client.PostAsJsonAsync("api/mcp/servers", new { definition = new { name = "x", transport = "http", url = "ftp://nope" }, scope = "user" }, ServerBed.Json, ServerBed.Ct);
        using var removed = await bed.Client.DeleteAsync($"api/mcp/servers/web?project={Uri.EscapeDataString(repo.Path)}", ServerBed.Ct);

        static Dictionary<string, JsonElement> ByName(JsonElement list) =>
            list.GetProperty("servers").EnumerateArray().ToDictionary(s => s.GetProperty("definition").GetProperty("name").GetString()!);
        var first = ByName(before);
        Assert.Equal("connected", first["web"].GetProperty("probe").GetProperty("status").GetString());
        Assert.Equal("local", first["web"].GetProperty("origin").GetProperty("scope").GetString());
        Assert.Equal("notTrusted", first["shared"].GetProperty("probe").GetProperty("status").GetString());
        Assert.True(trust.GetProperty("trusted").GetBoolean());
        var second = ByName(after);
        Assert.Equal("disabled", second["web"].GetProperty("probe").GetProperty("status").GetString());
        Assert.Equal("connected", second["shared"].GetProperty("probe").GetProperty("status").GetString());
        Assert.Equal("connected", tested.GetProperty("probe").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("http(s) URL", await invalid.Content.ReadAsStringAsync(ServerBed.Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
    }
}
