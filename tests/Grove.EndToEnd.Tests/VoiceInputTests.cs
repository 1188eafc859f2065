using System.Text;
using System.Text.RegularExpressions;
using Grove.Testing;
using Grove.Testing.FakeOpenAI;
using Grove.Testing.Web;
using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

/// <summary>
/// Voice input in a real browser against a real <c>grove serve</c>: Chromium's fake microphone plays
/// a generated WAV, the mic button is held, the level meter moves, the
/// fake OpenAI server receives the recording as multipart (file + model), and its text lands in the
/// composer at the caret. Held Ctrl+Shift+Space starts a recording that Esc cancels (nothing is sent); with no source the button is
/// off and says how to enable voice. Configured the way a user would: `grove config` / `grove secret`.
/// </summary>
public sealed class VoiceInputTests
{
    public VoiceInputTests() => Assertions.SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Hold_to_talk_puts_the_transcription_at_the_caret()
    {
        using var audio = new TempDirectory("voice-wav");
        var wav = Path.Combine(audio.Path, "tone.wav");
        File.WriteAllBytes(wav, ToneWav(seconds: 3));
        await using var whisper = await FakeOpenAIServer.StartAsync(cancellationToken: GroveBed.Ct);
        whisper.Text = "hello from the fake whisper";
        await using var bed = await GroveBed.StartAsync(browserArguments: Browser.FakeMicrophone(wav));
        Assert.Equal(0, (await bed.GroveAsync("config", "set", "voice.base_url", whisper.OpenAIBaseUrl)).ExitCode);
        Assert.Equal(0, (await GroveProcess.RunAsync(bed.Environment, ["secret", "set", "openai.api_key"], whisper.ApiKey + "\n", GroveBed.Ct)).ExitCode);
        var (workspaceId, _) = await NarrowLayoutTests.CreateWorkspaceAsync(bed, "voice");

        var page = await bed.SignedInPageAsync($"/w/{workspaceId}");
        await page.Locator("[data-action='start-agent']").ClickAsync();
        await page.WaitForURLAsync("**/t/*");
        var composer = page.Locator("[data-test='composer'][data-ready='true']");
        await composer.WaitForAsync();
        var mic = page.Locator("[data-action='hold-to-talk'][data-voice-ready='true']");
        await Expect(mic).ToBeEnabledAsync();
        await Expect(mic).ToHaveAttributeAsync("title", new Regex("Hold to talk"));

        // The caret after "Fix " in "Fix the bug".
        await composer.FillAsync("Fix the bug");
        await composer.PressAsync("Home");
        for (var i = 0; i < 4; i++)
        {
            await composer.PressAsync("ArrowRight");
        }

        // Hold the button: recording, the meter follows the (fake) microphone; release: transcribed.
        var received = whisper.NextRequestAsync(GroveBed.Ct);
        await mic.HoverAsync();
        await page.Mouse.DownAsync();
        await Expect(mic).ToHaveAttributeAsync("data-state", "recording");
        await page.Locator("[data-test='voice-meter'][data-peak]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Screens(page, "voice-recording");
        await page.Mouse.UpAsync();

        var request = await received;
        Assert.Null(request.Problem);
        Assert.Equal(FakeOpenAIServer.TranscriptionsPath, request.Path);
        Assert.Equal("whisper-1", request.Model);
        Assert.NotEmpty(request.Audio);
        Assert.Matches("^audio\\.(webm|ogg|m4a)$", request.FileName);
        await Expect(composer).ToHaveValueAsync("Fix hello from the fake whisper the bug");
        await Expect(mic).ToHaveAttributeAsync("data-state", "idle");
        await Screens(page, "voice-transcribed");

        // Esc while recording (held shortcut) cancels: nothing is sent, the text stays as it was.
        await composer.PressAsync("End");
        await page.Keyboard.DownAsync("Control");
        await page.Keyboard.DownAsync("Shift");
        await page.Keyboard.DownAsync("Space");
        await Expect(mic).ToHaveAttributeAsync("data-state", "recording");
        await page.Keyboard.PressAsync("Escape");
        await Expect(mic).ToHaveAttributeAsync("data-state", "idle");
        await page.Keyboard.UpAsync("Space");
        await page.Keyboard.UpAsync("Shift");
        await page.Keyboard.UpAsync("Control");
        Assert.Single(whisper.Requests);
        await Expect(composer).ToHaveValueAsync("Fix hello from the fake whisper the bug");

        // With no key and no server, the button is off and its tooltip says how to turn voice on.
        Assert.Equal(0, (await bed.GroveAsync("secret", "rm", "openai.api_key")).ExitCode);
        Assert.Equal(0, (await bed.GroveAsync("config", "unset", "voice.base_url")).ExitCode);
        await page.ReloadAsync();
        await GroveBed.WaitInteractiveAsync(page);
        var off = page.Locator("[data-action='hold-to-talk']");
        await Expect(off).ToHaveAttributeAsync("title", new Regex("grove secret set openai\\.api_key"));
        await Expect(off).ToBeDisabledAsync();
        await Screens(page, "voice-off");

        // The settings screen says the same, and has the model and server fields.
        await page.GotoAsync(new Uri(bed.Server.BaseUrl, "/settings").ToString());
        await GroveBed.WaitInteractiveAsync(page);
        var voice = page.Locator("[data-test='settings-voice']");
        await Expect(voice.Locator("[data-test='voice-status']")).ToHaveAttributeAsync("data-source", "none");
        await Expect(voice.Locator("[data-test='voice-status']")).ToContainTextAsync("OPENAI_API_KEY");
        await Expect(voice.Locator("[data-test='voice.model']")).ToBeVisibleAsync();
        await Expect(voice.Locator("[data-test='voice.base_url']")).ToBeVisibleAsync();
        await voice.ScrollIntoViewIfNeededAsync();
        await Screens(page, "voice-settings");
    }

    /// <summary>A 16 kHz mono 16-bit PCM WAV of a 440 Hz tone (the fake server does not need speech).</summary>
    internal static byte[] ToneWav(int seconds)
    {
        const int rate = 16_000;
        var samples = rate * seconds;
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.ASCII);
        writer.Write("RIFF"u8);
        writer.Write(36 + (samples * 2));
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(rate);
        writer.Write(rate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(samples * 2);
        for (var i = 0; i < samples; i++)
        {
            writer.Write((short)(Math.Sin(2 * Math.PI * 440 * i / rate) * 12_000));
        }

        writer.Flush();
        return stream.ToArray();
    }

    private static async Task Screens(IPage page, string name)
    {
        foreach (var theme in new[] { "light", "dark" })
        {
            await page.EvaluateAsync("theme => grove.setTheme(theme)", theme);
            await Browser.ScreenshotAsync(page, $"{name}-{theme}");
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
