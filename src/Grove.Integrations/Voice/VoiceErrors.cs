using System.Globalization;
using Grove.Core.Errors;

namespace Grove.Integrations.Voice;

/// <summary>The one place a transcription server's answers become <see cref="GroveException"/>s, one line each, never with a secret in them.</summary>
internal static class VoiceErrors
{
    /// <summary>How messages name a server: "OpenAI" or "the transcription server at http://host:port".</summary>
    public static string Name(Uri endpoint) =>
        endpoint.Host.Equals("api.openai.com", StringComparison.OrdinalIgnoreCase)
            ? "OpenAI"
            : $"the transcription server at {endpoint.GetLeftPart(UriPartial.Authority)}";

    public static GroveException Status(int status, string service, string refusedCredential, string fix, string? detail, string secret)
    {
        var said = Line(detail, secret);
        return status switch
        {
            401 => new GroveException(ErrorKind.AuthRequired, $"{Capital(service)} refused {refusedCredential} (401); {fix}"),
            403 => new GroveException(ErrorKind.AuthRequired, $"{Capital(service)} refused access to voice transcription (403){(said is null ? "" : ": " + said)}"),
            429 => new GroveException(ErrorKind.RateLimited, $"{Capital(service)} is rate-limiting transcription or the quota is used up (429); wait a minute and try again, or check the plan's limits."),
            413 => new GroveException(ErrorKind.InvalidInput, $"{Capital(service)} says the recording is too large (413); record a shorter clip."),
            _ => new GroveException(ErrorKind.Unexpected, string.Create(CultureInfo.InvariantCulture, $"{Capital(service)} could not transcribe the audio ({status}){(said is null ? "." : ": " + said)}")),
        };
    }

    public static GroveException Network(string service, Exception exception, string secret) =>
        new(ErrorKind.Network, $"Could not reach {service}: {Line(exception.Message, secret) ?? "no answer"}", exception);

    public static GroveException Timeout(string service, TimeSpan timeout) =>
        new(ErrorKind.Timeout, string.Create(CultureInfo.InvariantCulture, $"{Capital(service)} did not transcribe the audio within {timeout.TotalSeconds:0.#} s; try again or record a shorter clip."));

    /// <summary>One line, at most 200 characters, with <paramref name="secret"/> (and any prefix of it a server might echo) removed.</summary>
    private static string? Line(string? text, string secret)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        if (secret.Length > 0)
        {
            line = line.Replace(secret, "***", StringComparison.Ordinal);
            if (secret.Length >= 8)
            {
                // OpenAI echoes a wrong key partly ("sk-abc1****wxyz"): drop its first and last characters too.
                line = line.Replace(secret[..6], "***", StringComparison.Ordinal).Replace(secret[^4..], "***", StringComparison.Ordinal);
            }
        }

        return line.Length > 200 ? line[..200] + "…" : line;
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
