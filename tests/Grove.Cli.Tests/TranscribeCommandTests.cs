using Grove.Agents;
using Grove.Core.Voice;
using Grove.Testing;
using Grove.Testing.FakeOpenAI;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Cli.Tests;

/// <summary><c>grove transcribe &lt;audio-file&gt;</c> against the fake OpenAI server, configured with <c>grove config</c> / <c>grove secret</c>.</summary>
public sealed class TranscribeCommandTests
{
    [Fact]
    public async Task Prints_the_text_of_an_audio_file()
    {
        using var home = new TempDirectory("voice-cli-home");
        await using var whisper = await FakeOpenAIServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var cli = Runner(home.Path);
        await cli.OkAsync("config", "set", "voice.base_url", whisper.OpenAIBaseUrl);
        cli.Input = whisper.ApiKey + "\n";
        await cli.OkAsync("secret", "set", "openai.api_key");
        var file = Path.Combine(home.Path, "memo.mp3");
        await File.WriteAllBytesAsync(file, new byte[3000], TestContext.Current.CancellationToken);

        var output = await cli.OkAsync("transcribe", file);
        var status = await cli.OkAsync("transcribe", "--status");

        Assert.Equal(whisper.Text + "\n", output.ReplaceLineEndings("\n"));
        Assert.Equal("audio.mp3", Assert.Single(whisper.Requests).FileName);
        Assert.Contains("key from secret openai.api_key", status, StringComparison.Ordinal);
        Assert.DoesNotContain(whisper.ApiKey, status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_file_over_25_MB_and_says_how_to_enable_voice_without_a_key()
    {
        using var home = new TempDirectory("voice-cli-home");
        await using var whisper = await FakeOpenAIServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var cli = Runner(home.Path);
        var small = Path.Combine(home.Path, "small.wav");
        await File.WriteAllBytesAsync(small, new byte[100], TestContext.Current.CancellationToken);
        var large = Path.Combine(home.Path, "large.wav");
        await using (var stream = File.Create(large))
        {
            stream.SetLength(VoiceLimits.MaxAudioBytes + 1);
        }

        var off = await cli.RunAsync("transcribe", small);
        var status = await cli.RunAsync("transcribe", "--status");
        await cli.OkAsync("config", "set", "voice.base_url", whisper.OpenAIBaseUrl);
        var tooLarge = await cli.RunAsync("transcribe", large);

        Assert.Equal(ExitCodes.Unsupported, off.ExitCode);
        Assert.Contains("grove secret set openai.api_key", off.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Unsupported, status.ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, tooLarge.ExitCode);
        Assert.Contains("at most 25 MB", tooLarge.Error, StringComparison.Ordinal);
        Assert.Empty(whisper.Requests);
    }

    private static CliRunner Runner(string home)
    {
        var host = new AgentHostEnvironment(new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = home, ["SHELL"] = "/bin/bash" }, home);
        return new CliRunner { ConfigureServices = services => services.AddSingleton(host) };
    }
}
