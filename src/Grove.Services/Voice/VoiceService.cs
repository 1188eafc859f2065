using Grove.Core.Errors;
using Grove.Core.Voice;
using Grove.Data.Stores;
using Grove.Integrations.Voice;
using Grove.Services.Account;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Voice;

internal sealed partial class VoiceService(
    ISettingsStore settings,
    VoiceKeys keys,
    IAccountAccess account,
    IOpenAITranscriber openAI,
    IBackendTranscriber backend,
    VoiceOptions options,
    ILogger<VoiceService> logger) : IVoice
{
    public const string DefaultModel = "whisper-1";

    private const string HowToEnable =
        "Voice input needs an OpenAI API key: set it in Settings → Voice or with 'grove secret set openai.api_key', " +
        "or export GROVE_OPENAI_API_KEY or OPENAI_API_KEY (Grove's environment or your shell profile); " +
        "or point 'voice.base_url' at a local Whisper server; or sign in to a Grove account on a paid plan.";

    public async Task<VoiceStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return (await PlanAsync(cancellationToken)).Status;
        }
        catch (GroveException ex)
        {
            // The account could not be asked (network, refused refresh): say so, with the way to a key.
            return new VoiceStatus(VoiceSource.None, null, await ModelAsync(cancellationToken), null, $"{ex.Message} {HowToEnable}");
        }
    }

    public async Task<VoiceTranscript> TranscribeAsync(Stream audio, string? mediaType, string? fileName = null, CancellationToken cancellationToken = default) =>
        await TranscribeAsync(await VoiceAudio.ReadAsync(audio, mediaType, fileName, cancellationToken), cancellationToken);

    public Task<VoiceTranscript> TranscribeAsync(byte[] audio, string? mediaType, string? fileName = null, CancellationToken cancellationToken = default) =>
        TranscribeAsync(VoiceAudio.From(audio, mediaType, fileName), cancellationToken);

    public async Task<VoiceTranscript> TranscribeFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var file = new FileInfo(full);
        if (!file.Exists)
        {
            throw new GroveException(ErrorKind.NotFound, $"No audio file at '{path}'.");
        }

        VoiceAudio.EnsureSize(file.Length);
        await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        return await TranscribeAsync(stream, null, file.Name, cancellationToken);
    }

    private async Task<VoiceTranscript> TranscribeAsync(VoiceAudio audio, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(cancellationToken);
        LogTranscribing(logger, plan.Status.Source, audio.Data.Length, audio.MediaType);
        var text = plan switch
        {
            { OpenAI: { } target } => await openAI.TranscribeAsync(audio, target, options.Timeout, cancellationToken),
            { Backend: { } target } => await backend.TranscribeAsync(audio, target, options.Timeout, cancellationToken),
            _ => throw new GroveException(ErrorKind.Unsupported, plan.Status.HowToEnable ?? HowToEnable),
        };
        return new VoiceTranscript(text, plan.Status.Source);
    }

    private async Task<Plan> PlanAsync(CancellationToken cancellationToken)
    {
        var model = await ModelAsync(cancellationToken);
        var baseUrl = await settings.GetAsync(SettingKeys.VoiceBaseUrl, cancellationToken);
        var endpoint = OpenAIVoiceTarget.EndpointFor(baseUrl);
        if (await keys.FindAsync(cancellationToken) is { } key)
        {
            return new Plan(new VoiceStatus(VoiceSource.OpenAI, key.Source, model, endpoint.ToString(), null), new OpenAIVoiceTarget(endpoint, key.Key, key.Source, model), null);
        }

        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            // A local OpenAI-compatible server usually takes any key (or none).
            const string source = "no key (a local server at voice.base_url)";
            return new Plan(new VoiceStatus(VoiceSource.OpenAI, source, model, endpoint.ToString(), null), new OpenAIVoiceTarget(endpoint, "no-key", source, model), null);
        }

        var access = await account.CurrentAsync(cancellationToken);
        if (access is { PaidPlan: true })
        {
            var target = new BackendVoiceTarget(access.ApiUrl, access.AccessToken);
            return new Plan(new VoiceStatus(VoiceSource.Backend, "the signed-in account", model, target.TranscribeUrl.ToString(), null), null, target);
        }

        var how = access is null ? HowToEnable : $"Your Grove account's plan does not include voice input. {HowToEnable}";
        return new Plan(new VoiceStatus(VoiceSource.None, null, model, null, how), null, null);
    }

    private async Task<string> ModelAsync(CancellationToken cancellationToken) =>
        await settings.GetAsync(SettingKeys.VoiceModel, cancellationToken) is { } model && model.Trim().Length > 0 ? model.Trim() : DefaultModel;

    private sealed record Plan(VoiceStatus Status, OpenAIVoiceTarget? OpenAI, BackendVoiceTarget? Backend);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcribing {Bytes} bytes of {MediaType} through {Source}")]
    private static partial void LogTranscribing(ILogger logger, VoiceSource source, int bytes, string mediaType);
}
