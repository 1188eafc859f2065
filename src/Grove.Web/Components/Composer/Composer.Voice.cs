using Grove.Core.Errors;
using Grove.Core.Voice;
using Grove.Services.Voice;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Grove.Web.Components.Composer;

/// <summary>
/// Hold-to-talk: voice.js records (mic button or held Ctrl+Shift+Space, level meter, Esc cancels)
/// and streams the recording here on release; <see cref="IVoice"/> transcribes it and the text goes
/// in at the caret through the composer's one insert path. The button is off, with a tooltip that
/// says how to enable voice, when no source is available.
/// </summary>
public sealed partial class Composer
{
    public const string VoiceModulePath = "./_content/Grove.Web/js/voice.js";

    private ElementReference _micButton;
    private ElementReference _meter;
    private IJSObjectReference? _voiceModule;
    private VoiceStatus? _voice;
    private string _voiceState = "idle";

    [Inject] private IVoice Voice { get; set; } = null!;

    private bool VoiceAvailable => _voice?.Available == true;

    private string MicTitle => _voiceState switch
    {
        "recording" => "Recording: release to transcribe, Esc cancels",
        "transcribing" => "Transcribing…",
        _ when _voice is null => "Checking voice input…",
        _ when !_voice.Available => _voice.HowToEnable ?? "Voice input is off.",
        _ => $"Hold to talk (or hold Ctrl+Shift+Space); the text goes in at the cursor. {_voice.Describe()}",
    };

    private async Task LoadVoiceStatusAsync()
    {
        try
        {
            var status = await Voice.StatusAsync(_life.Token);
            if (!_disposed)
            {
                await InvokeAsync(() =>
                {
                    _voice = status;
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task AttachVoiceAsync()
    {
        try
        {
            _voiceModule = await JS.InvokeAsync<IJSObjectReference>("import", _life.Token, VoiceModulePath);
            await _voiceModule.InvokeVoidAsync("attach", _life.Token, _micButton, _meter, _textarea, _self);
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private async Task DetachVoiceAsync()
    {
        if (_voiceModule is null)
        {
            return;
        }

        try
        {
            await _voiceModule.InvokeVoidAsync("detach", _micButton);
            await _voiceModule.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
        }
    }

    [JSInvokable]
    public void OnVoiceState(string state)
    {
        _voiceState = state == "recording" ? "recording" : "idle";
        if (state == "recording")
        {
            _error = null;
        }

        StateHasChanged();
    }

    [JSInvokable]
    public void OnVoiceUnavailable()
    {
        _error = _voice?.HowToEnable ?? "Voice input is still being checked; try again in a moment.";
        StateHasChanged();
    }

    [JSInvokable]
    public void OnVoiceFailed(string message)
    {
        _voiceState = "idle";
        _error = message;
        StateHasChanged();
    }

    /// <summary>A finished recording: transcribed, then inserted at <paramref name="caret"/> (where the caret was when recording began).</summary>
    [JSInvokable]
    public async Task OnVoiceRecorded(string mediaType, long size, int caret, IJSStreamReference audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        _voiceState = "transcribing";
        _error = null;
        StateHasChanged();
        try
        {
            if (size > VoiceLimits.MaxAudioBytes || audio.Length > VoiceLimits.MaxAudioBytes)
            {
                throw new GroveException(ErrorKind.InvalidInput, VoiceLimits.TooLarge(Math.Max(size, audio.Length)));
            }

            VoiceTranscript transcript;
            await using (var stream = await audio.OpenReadStreamAsync(VoiceLimits.MaxAudioBytes, _life.Token))
            {
                transcript = await Voice.TranscribeAsync(stream, mediaType, cancellationToken: _life.Token);
            }

            if (transcript.Text.Trim().Length == 0)
            {
                _error = "No words were heard in the recording.";
            }
            else
            {
                _caret = Math.Clamp(caret, 0, _text.Length);
                await InsertAtCaretAsync(transcript.Text, inline: true);
            }
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
        }
        catch (OperationCanceledException) when (_life.IsCancellationRequested)
        {
        }
        finally
        {
            _voiceState = "idle";
            await audio.DisposeAsync();
            if (!_disposed)
            {
                StateHasChanged();
            }
        }
    }
}
