using Grove.Core.Errors;
using Grove.Core.Voice;
using Grove.Services.Account;
using Grove.Services.Voice;
using Grove.Testing;
using Grove.Testing.FakeOpenAI;

namespace Grove.Services.Tests.Voice;

/// <summary>Voice input through the real services and the real OpenAI client against the fake server on loopback.</summary>
public sealed class VoiceTests
{
    private const string SecretKey = "sk-from-the-secret-0000000000001";
    private const string GroveEnvKey = "sk-from-grove-env-000000000002";
    private const string OpenAIEnvKey = "sk-from-openai-env-00000000003";
    private const string ShellKey = "sk-from-the-shell-0000000000004";

    [Fact]
    public async Task The_secret_comes_first_and_the_text_comes_back()
    {
        await using var bed = await VoiceBed.StartAsync(
            new Dictionary<string, string> { ["GROVE_OPENAI_API_KEY"] = GroveEnvKey, ["OPENAI_API_KEY"] = OpenAIEnvKey },
            shellRc: $"export OPENAI_API_KEY={ShellKey}\n",
            apiKey: SecretKey);
        await bed.SetSecretAsync(SecretKey);

        var (status, authorization) = await TranscribeWithKeyAsync(bed, SecretKey);

        Assert.Equal("secret openai.api_key", status.KeySource);
        Assert.Equal("Bearer " + SecretKey, authorization);
        var request = Assert.Single(bed.Server.Requests);
        Assert.Equal(FakeOpenAIServer.TranscriptionsPath, request.Path);
        Assert.Null(request.Problem);
        Assert.Equal("whisper-1", request.Model);
        Assert.Equal("audio.webm", request.FileName);
        Assert.Equal(VoiceBed.Audio(), request.Audio);
    }

    [Fact]
    public async Task GROVE_OPENAI_API_KEY_comes_before_OPENAI_API_KEY_and_the_shell()
    {
        await using var bed = await VoiceBed.StartAsync(
            new Dictionary<string, string> { ["GROVE_OPENAI_API_KEY"] = GroveEnvKey, ["OPENAI_API_KEY"] = OpenAIEnvKey },
            shellRc: $"export OPENAI_API_KEY={ShellKey}\n",
            apiKey: GroveEnvKey);

        var (status, authorization) = await TranscribeWithKeyAsync(bed, GroveEnvKey);

        Assert.Equal("GROVE_OPENAI_API_KEY", status.KeySource);
        Assert.Equal("Bearer " + GroveEnvKey, authorization);
    }

    [Fact]
    public async Task OPENAI_API_KEY_in_Groves_environment_comes_before_the_shell()
    {
        await using var bed = await VoiceBed.StartAsync(
            new Dictionary<string, string> { ["OPENAI_API_KEY"] = OpenAIEnvKey },
            shellRc: $"export OPENAI_API_KEY={ShellKey}\n",
            apiKey: OpenAIEnvKey);

        var (status, authorization) = await TranscribeWithKeyAsync(bed, OpenAIEnvKey);

        Assert.Equal("OPENAI_API_KEY", status.KeySource);
        Assert.Equal("Bearer " + OpenAIEnvKey, authorization);
    }

    [Fact]
    public async Task The_login_shells_OPENAI_API_KEY_is_last_and_read_once()
    {
        // The profile prints noise and counts how often it is read; the key is exported in ~/.bashrc.
        await using var bed = await VoiceBed.StartAsync(
            shellRc: $"echo 'welcome to the shell'\necho read >> \"$HOME/profile-reads\"\nexport OPENAI_API_KEY={ShellKey}\n",
            apiKey: ShellKey);

        var (status, authorization) = await TranscribeWithKeyAsync(bed, ShellKey);
        var again = await bed.Voice.StatusAsync(TestContext.Current.CancellationToken);

        Assert.Equal("OPENAI_API_KEY in your login shell", status.KeySource);
        Assert.Equal(status, again);
        Assert.Equal("Bearer " + ShellKey, authorization);
        Assert.Single(File.ReadAllLines(Path.Combine(bed.Home, "profile-reads")));
    }

    [Fact]
    public async Task The_model_setting_goes_with_the_audio()
    {
        await using var bed = await VoiceBed.StartAsync();
        await bed.SetSecretAsync(bed.Server.ApiKey);
        await bed.SetAsync(SettingKeys.VoiceModel, "whisper-large-v3");

        var text = await bed.Voice.TranscribeAsync(VoiceBed.Audio(), "audio/ogg;codecs=opus", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(bed.Server.Text, text.Text);
        var request = Assert.Single(bed.Server.Requests);
        Assert.Equal("whisper-large-v3", request.Model);
        Assert.Equal("audio.ogg", request.FileName);
    }

    [Fact]
    public async Task Audio_over_25_MB_is_refused_before_any_request()
    {
        await using var bed = await VoiceBed.StartAsync();
        await bed.SetSecretAsync(bed.Server.ApiKey);
        var ct = TestContext.Current.CancellationToken;

        var fromBytes = await Assert.ThrowsAsync<GroveException>(() => bed.Voice.TranscribeAsync(new byte[VoiceLimits.MaxAudioBytes + 1], "audio/webm", cancellationToken: ct));
        using var stream = new NonSeekableStream(new byte[VoiceLimits.MaxAudioBytes + 100_000]);
        var fromStream = await Assert.ThrowsAsync<GroveException>(() => bed.Voice.TranscribeAsync(stream, "audio/webm", cancellationToken: ct));

        Assert.Equal(ErrorKind.InvalidInput, fromBytes.Kind);
        Assert.Contains("at most 25 MB", fromBytes.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorKind.InvalidInput, fromStream.Kind);
        Assert.True(stream.Position < stream.Length, "the stream was read to its end instead of stopping at 25 MB");
        Assert.Empty(bed.Server.Requests);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_times_out()
    {
        await using var bed = await VoiceBed.StartAsync(options: new VoiceOptions { Timeout = TimeSpan.FromMilliseconds(500), ShellTimeout = TimeSpan.FromSeconds(20) });
        await bed.SetSecretAsync(bed.Server.ApiKey);
        bed.Server.Hold = new FakeGate();

        var error = await Assert.ThrowsAsync<GroveException>(() => bed.Voice.TranscribeAsync(VoiceBed.Audio(), "audio/webm", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorKind.Timeout, error.Kind);
        Assert.Contains("did not transcribe the audio within 0.5 s", error.Message, StringComparison.Ordinal);
        Assert.True(bed.Server.Hold.Reached.IsCompleted);
    }

    [Fact]
    public async Task A_refused_key_is_one_line_that_names_its_source_but_never_shows_it()
    {
        const string wrong = "sk-wrong-key-abcdefghijklmnop9876";
        await using var bed = await VoiceBed.StartAsync();
        await bed.SetSecretAsync(wrong);

        var error = await Assert.ThrowsAsync<GroveException>(() => bed.Voice.TranscribeAsync(VoiceBed.Audio(), "audio/webm", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorKind.AuthRequired, error.Kind);
        Assert.Contains("(401)", error.Message, StringComparison.Ordinal);
        Assert.Contains("secret openai.api_key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(wrong[..6], error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong[^4..], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rate_limit_is_one_line_and_is_not_retried()
    {
        await using var bed = await VoiceBed.StartAsync();
        await bed.SetSecretAsync(bed.Server.ApiKey);
        bed.Server.AnswerNext(429, "Rate limit reached for whisper-1");

        var error = await Assert.ThrowsAsync<GroveException>(() => bed.Voice.TranscribeAsync(VoiceBed.Audio(), "audio/webm", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorKind.RateLimited, error.Kind);
        Assert.Contains("(429)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Single(bed.Server.Requests);
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_a_network_error()
    {
        await using var bed = await VoiceBed.StartAsync();
        await bed.SetSecretAsync(bed.Server.ApiKey);
        await bed.SetAsync(SettingKeys.VoiceBaseUrl, $"http://127.0.0.1:{LoopbackPorts.Free()}");

        var status = await bed.Voice.StatusAsync(TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<GroveException>(() => bed.Voice.TranscribeAsync(VoiceBed.Audio(), "audio/webm", cancellationToken: TestContext.Current.CancellationToken));

        Assert.EndsWith("/v1", status.Endpoint, StringComparison.Ordinal);
        Assert.Equal(ErrorKind.Network, error.Kind);
        Assert.StartsWith("Could not reach the transcription server at http://127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task With_no_key_a_paid_account_transcribes_through_the_backend()
    {
        await using var bed = await VoiceBed.StartAsync(pointAtFake: false);
        bed.Account.Current = new AccountAccess(bed.Server.BaseUrl, bed.Server.BackendToken, PaidPlan: true);
        bed.Server.Text = "from the backend";

        var status = await bed.Voice.StatusAsync(TestContext.Current.CancellationToken);
        var text = await bed.Voice.TranscribeAsync(VoiceBed.Audio(), "audio/webm", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(VoiceSource.Backend, status.Source);
        Assert.Equal(new VoiceTranscript("from the backend", VoiceSource.Backend), text);
        var request = Assert.Single(bed.Server.Requests);
        Assert.Equal(FakeOpenAIServer.BackendPath, request.Path);
        Assert.Equal("Bearer " + bed.Server.BackendToken, request.Authorization);
        Assert.Null(request.Problem);
        Assert.Equal(VoiceBed.Audio(), request.Audio);
    }

    [Fact]
    public async Task A_refused_backend_sign_in_says_to_sign_in_again()
    {
        await using var bed = await VoiceBed.StartAsync(pointAtFake: false);
        bed.Account.Current = new AccountAccess(bed.Server.BaseUrl, "expired-token-123456789", PaidPlan: true);

        var error = await Assert.ThrowsAsync<GroveException>(() => bed.Voice.TranscribeAsync(VoiceBed.Audio(), "audio/webm", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorKind.AuthRequired, error.Kind);
        Assert.Contains("grove account login", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("expired-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_out_or_unpaid_with_no_key_says_how_to_enable_voice()
    {
        await using var bed = await VoiceBed.StartAsync(pointAtFake: false);
        var ct = TestContext.Current.CancellationToken;

        var signedOut = await bed.Voice.StatusAsync(ct);
        var refused = await Assert.ThrowsAsync<GroveException>(() => bed.Voice.TranscribeAsync(VoiceBed.Audio(), "audio/webm", cancellationToken: ct));
        bed.Account.Current = new AccountAccess(bed.Server.BaseUrl, bed.Server.BackendToken, PaidPlan: false);
        var unpaid = await Assert.ThrowsAsync<GroveException>(() => bed.Voice.TranscribeAsync(VoiceBed.Audio(), "audio/webm", cancellationToken: ct));

        Assert.False(signedOut.Available);
        Assert.Contains("grove secret set openai.api_key", signedOut.HowToEnable, StringComparison.Ordinal);
        Assert.Contains("OPENAI_API_KEY", signedOut.HowToEnable, StringComparison.Ordinal);
        Assert.Equal(ErrorKind.Unsupported, refused.Kind);
        Assert.Equal(signedOut.HowToEnable, refused.Message);
        Assert.Equal(ErrorKind.Unsupported, unpaid.Kind);
        Assert.StartsWith("Your Grove account's plan does not include voice input.", unpaid.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Server.Requests);
    }

    [Fact]
    public async Task A_local_server_in_voice_base_url_needs_no_key_and_gets_v1_added()
    {
        await using var bed = await VoiceBed.StartAsync(pointAtFake: false);
        await bed.SetAsync(SettingKeys.VoiceBaseUrl, bed.Server.BaseUrl.ToString().TrimEnd('/'));

        var status = await bed.Voice.StatusAsync(TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<GroveException>(() => bed.Voice.TranscribeAsync(VoiceBed.Audio(), "audio/webm", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(VoiceSource.OpenAI, status.Source);
        Assert.Equal(bed.Server.OpenAIBaseUrl, status.Endpoint);
        Assert.Equal(FakeOpenAIServer.TranscriptionsPath, Assert.Single(bed.Server.Requests).Path);
    }

    [Fact]
    public async Task A_file_is_transcribed_with_its_format_from_the_extension()
    {
        await using var bed = await VoiceBed.StartAsync();
        await bed.SetSecretAsync(bed.Server.ApiKey);
        using var folder = new TempDirectory("voice-file");
        var path = Path.Combine(folder.Path, "note.wav");
        await File.WriteAllBytesAsync(path, VoiceBed.Audio(2000), TestContext.Current.CancellationToken);

        var text = await bed.Voice.TranscribeFileAsync(path, TestContext.Current.CancellationToken);
        var missing = await Assert.ThrowsAsync<GroveException>(() => bed.Voice.TranscribeFileAsync(Path.Combine(folder.Path, "nope.wav"), TestContext.Current.CancellationToken));

        Assert.Equal(bed.Server.Text, text.Text);
        Assert.Equal("audio.wav", Assert.Single(bed.Server.Requests).FileName);
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
    }

    private static async Task<(VoiceStatus Status, string? Authorization)> TranscribeWithKeyAsync(VoiceBed bed, string key)
    {
        var ct = TestContext.Current.CancellationToken;
        var status = await bed.Voice.StatusAsync(ct);
        Assert.Equal(VoiceSource.OpenAI, status.Source);
        Assert.Equal(key, bed.Server.ApiKey);
        var text = await bed.Voice.TranscribeAsync(VoiceBed.Audio(), "audio/webm", cancellationToken: ct);
        Assert.Equal(new VoiceTranscript(bed.Server.Text, VoiceSource.OpenAI), text);
        return (status, bed.Server.Requests[^1].Authorization);
    }

    /// <summary>A stream that cannot tell its length, as a browser upload is.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
