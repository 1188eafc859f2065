using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Grove.Agents;
using Grove.Core.Voice;
using Grove.Server.Tests.TestServices;
using Grove.Testing;
using Grove.Testing.FakeOpenAI;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Server.Tests;

/// <summary><c>/api/voice</c>: status, and a multipart upload transcribed through the fake OpenAI server; capped at 25 MB.</summary>
public sealed class VoiceApiTests
{
    [Fact]
    public async Task An_uploaded_recording_comes_back_as_text()
    {
        using var home = new TempDirectory("voice-api-home");
        await using var whisper = await FakeOpenAIServer.StartAsync(cancellationToken: ServerBed.Ct);
        await using var bed = await StartAsync(home.Path);
        await SetUpAsync(bed, whisper);
        var audio = new byte[50_000];
        new Random(3).NextBytes(audio);

        using var response = await bed.Client.PostAsync("/api/voice/transcribe", Upload(audio, "audio/webm", "clip.webm"), ServerBed.Ct);

        await ServerBed.EnsureAsync(response);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ServerBed.Ct);
        Assert.Equal(whisper.Text, body.GetProperty("text").GetString());
        Assert.Equal("openAI", body.GetProperty("source").GetString());
        var request = Assert.Single(whisper.Requests);
        Assert.Equal(audio, request.Audio);
        Assert.Equal("audio.webm", request.FileName);
        Assert.Equal("whisper-1", request.Model);

        var status = await bed.GetJsonAsync<JsonElement>("/api/voice");
        Assert.Equal("openAI", status.GetProperty("source").GetString());
        Assert.Equal("secret openai.api_key", status.GetProperty("keySource").GetString());
        Assert.DoesNotContain(whisper.ApiKey, status.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_over_25_MB_is_refused_with_413_and_nothing_is_sent()
    {
        using var home = new TempDirectory("voice-api-home");
        await using var whisper = await FakeOpenAIServer.StartAsync(cancellationToken: ServerBed.Ct);
        await using var bed = await StartAsync(home.Path);
        await SetUpAsync(bed, whisper);

        using var response = await bed.Client.PostAsync("/api/voice/transcribe", Upload(new byte[VoiceLimits.MaxAudioBytes + 200_000], "audio/webm", "long.webm"), ServerBed.Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 25 MB", await response.Content.ReadAsStringAsync(ServerBed.Ct), StringComparison.Ordinal);
        Assert.Empty(whisper.Requests);
    }

    [Fact]
    public async Task With_no_source_the_status_and_the_refusal_say_how_to_enable_voice()
    {
        using var home = new TempDirectory("voice-api-home");
        await using var bed = await StartAsync(home.Path);

        var status = await bed.GetJsonAsync<JsonElement>("/api/voice");
        using var response = await bed.Client.PostAsync("/api/voice/transcribe", Upload(new byte[1000], "audio/webm", "a.webm"), ServerBed.Ct);

        Assert.Equal("none", status.GetProperty("source").GetString());
        Assert.Contains("grove secret set openai.api_key", status.GetProperty("howToEnable").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ServerBed.Ct);
        Assert.Equal("unsupported", problem.GetProperty("errorKind").GetString());
        Assert.Contains("OPENAI_API_KEY", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static Task<ServerBed> StartAsync(string home)
    {
        var variables = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = home, ["SHELL"] = "/bin/bash" };
        return ServerBed.StartAsync(configureServices: services => services.AddSingleton(new AgentHostEnvironment(variables, home)));
    }

    private static async Task SetUpAsync(ServerBed bed, FakeOpenAIServer whisper)
    {
        using var url = await bed.Client.PutAsJsonAsync("/api/settings/voice.base_url", new { value = whisper.OpenAIBaseUrl }, ServerBed.Ct);
        await ServerBed.EnsureAsync(url);
        using var key = await bed.Client.PostAsJsonAsync("/api/secrets/openai.api_key", new { value = whisper.ApiKey }, ServerBed.Ct);
        await ServerBed.EnsureAsync(key);
    }

    private static MultipartFormDataContent Upload(byte[] audio, string mediaType, string fileName)
    {
        var file = new ByteArrayContent(audio);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }
}
