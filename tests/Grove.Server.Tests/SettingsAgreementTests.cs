using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grove.Cli;
using Grove.Core.Errors;
using Grove.Server.Tests.TestServices;
using Grove.Services;
using Grove.Services.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Server.Tests;

/// <summary>The HTTP API, the <c>grove config</c>/<c>grove secret</c> commands and the settings service are one implementation.</summary>
public sealed class SettingsAgreementTests
{
    [Fact]
    public async Task ApiCliAndService_TrimTheSameWay()
    {
        await using var bed = await ServerBed.StartAsync();
        var service = bed.Server.Services.GetRequiredService<ISettingsService>();

        using var put = await bed.Client.PutAsJsonAsync("api/settings/ollama.url", new { value = "  http://localhost:11500  " }, ServerBed.Ct);
        await ServerBed.EnsureAsync(put);
        Assert.Equal("http://localhost:11500", (await put.Content.ReadFromJsonAsync<JsonElement>(ServerBed.Ct)).GetProperty("value").GetString());
        Assert.Equal("http://localhost:11500", (await service.GetAsync(SettingKeys.OllamaUrl, ServerBed.Ct)).Value);

        var set = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await set.RunAsync(ServerBed.Ct, "config", "set", "ollama.model", "  qwen3  "));
        Assert.Equal("ollama.model = qwen3", set.Out.Text.Trim());
        var api = await bed.GetJsonAsync<JsonElement>("api/settings/ollama.model");
        Assert.Equal("qwen3", api.GetProperty("value").GetString());
        Assert.Equal("qwen3", (await service.GetAsync(SettingKeys.OllamaModel, ServerBed.Ct)).Value);

        var get = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await get.RunAsync(ServerBed.Ct, "config", "get", "ollama.url"));
        Assert.Equal("http://localhost:11500", get.Out.Text.Trim());

        using var blank = await bed.Client.PutAsJsonAsync("api/settings/ollama.model", new { value = "   " }, ServerBed.Ct);
        await ServerBed.EnsureAsync(blank);
        Assert.Null((await service.GetAsync(SettingKeys.OllamaModel, ServerBed.Ct)).Value);
    }

    [Fact]
    public async Task ApiCliAndService_RefuseAnUnknownKeyWithTheSameMessage()
    {
        await using var bed = await ServerBed.StartAsync();
        var service = bed.Server.Services.GetRequiredService<ISettingsService>();
        var expected = (await Assert.ThrowsAsync<GroveException>(() => service.SetAsync("no.such.key", "x", ServerBed.Ct))).Message;

        using var put = await bed.Client.PutAsJsonAsync("api/settings/no.such.key", new { value = "x" }, ServerBed.Ct);
        var problem = await put.Content.ReadFromJsonAsync<JsonElement>(ServerBed.Ct);
        var cli = new InProcessCli(bed.Home);
        var exit = await cli.RunAsync(ServerBed.Ct, "config", "set", "no.such.key", "x");

        Assert.StartsWith("Unknown setting 'no.such.key'", expected, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal(expected, problem.GetProperty("detail").GetString());
        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains(expected, cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_SetByCliOrApi_AreTrimmedAndListedTheSameWay()
    {
        await using var bed = await ServerBed.StartAsync();
        var service = bed.Server.Services.GetRequiredService<ISettingsService>();

        var set = new InProcessCli(bed.Home) { Input = "  sk-ant-from-cli  \n" };
        Assert.Equal(ExitCodes.Success, await set.RunAsync(ServerBed.Ct, "secret", "set", "anthropic.api_key"));
        await bed.PostJsonAsync("api/secrets/anthropic.auth_token", new { value = "  token  " });

        var list = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await list.RunAsync(ServerBed.Ct, "secret", "list", "--json"));
        var cliStates = JsonDocument.Parse(list.Out.Text).RootElement;
        var apiStates = await bed.GetJsonAsync<List<JsonElement>>("api/secrets");
        var serviceStates = await service.ListSecretsAsync(ServerBed.Ct);
        foreach (var state in serviceStates)
        {
            Assert.Equal(state.IsSet, cliStates.GetProperty(state.Name).GetBoolean());
            Assert.Equal(state.IsSet, apiStates.Single(s => s.GetProperty("name").GetString() == state.Name).GetProperty("isSet").GetBoolean());
        }

        Assert.True(serviceStates.Single(s => s.Name == "anthropic.api_key").IsSet);
        Assert.True(serviceStates.Single(s => s.Name == "anthropic.auth_token").IsSet);
        var credentials = bed.Server.Services.GetRequiredService<Grove.Data.Stores.ICredentialStore>();
        Assert.Equal("sk-ant-from-cli", await credentials.GetAsync("anthropic.api_key", ServerBed.Ct));
        Assert.Equal("token", await credentials.GetAsync("anthropic.auth_token", ServerBed.Ct));
        Assert.False(list.Out.Text.Contains("sk-ant-from-cli", StringComparison.Ordinal));

        using var empty = await bed.Client.PostAsJsonAsync("api/secrets/anthropic.api_key", new { value = "   " }, ServerBed.Ct);
        var problem = await empty.Content.ReadFromJsonAsync<JsonElement>(ServerBed.Ct);
        var expected = (await Assert.ThrowsAsync<GroveException>(() => service.SetSecretAsync("anthropic.api_key", "   ", ServerBed.Ct))).Message;
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(expected, problem.GetProperty("detail").GetString());

        var unknown = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.InvalidInput, await unknown.RunAsync(ServerBed.Ct, "secret", "rm", "nope.token"));
        using var deleteUnknown = await bed.Client.DeleteAsync("api/secrets/nope.token", ServerBed.Ct);
        Assert.Equal(HttpStatusCode.BadRequest, deleteUnknown.StatusCode);
        Assert.Contains("Unknown secret 'nope.token'", unknown.Error.Text, StringComparison.Ordinal);
    }
}
