using Grove.Core.Security;
using Sentry;
using Sentry.Protocol;

namespace Grove.Integrations.Telemetry;

/// <summary>
/// What a crash report may hold: the redacted message and exception (types, redacted values, stack
/// frames with the home folder replaced by <c>~</c>), release, environment and runtime. No server
/// name, no user, no request, no extras or tags Grove did not set.
/// </summary>
internal sealed class SentryScrubber(ISecretRedactor redactor, string? homeDirectory)
{
    public SentryEvent Scrub(SentryEvent sentryEvent)
    {
        sentryEvent.ServerName = null;
        sentryEvent.User = new SentryUser();
        sentryEvent.Request = new SentryRequest();
        if (sentryEvent.Message is { } message)
        {
            sentryEvent.Message = new SentryMessage
            {
                Message = Text(message.Message),
                Formatted = Text(message.Formatted),
            };
        }

        foreach (var exception in sentryEvent.SentryExceptions ?? [])
        {
            exception.Value = Text(exception.Value);
            Frames(exception.Stacktrace);
        }

        foreach (var thread in sentryEvent.SentryThreads ?? [])
        {
            thread.Name = Text(thread.Name);
            Frames(thread.Stacktrace);
        }

        foreach (var image in sentryEvent.DebugImages ?? [])
        {
            image.CodeFile = Text(image.CodeFile);
            image.DebugFile = Text(image.DebugFile);
        }

        foreach (var (key, value) in sentryEvent.Extra.ToList())
        {
            sentryEvent.SetExtra(key, value is null ? null : Text(value.ToString()));
        }

        return sentryEvent;
    }

    public Breadcrumb Scrub(Breadcrumb breadcrumb) =>
        new(Text(breadcrumb.Message), breadcrumb.Type ?? "default", null, breadcrumb.Category, breadcrumb.Level);

    /// <summary>Redacted, and the home folder shown as <c>~</c>.</summary>
    public string Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        text = redactor.Redact(text);
        if (!string.IsNullOrEmpty(homeDirectory) && homeDirectory.Length > 1)
        {
            text = text.Replace(Path.TrimEndingDirectorySeparator(homeDirectory), "~", StringComparison.Ordinal);
        }

        return text;
    }

    private void Frames(SentryStackTrace? stackTrace)
    {
        foreach (var frame in stackTrace?.Frames ?? [])
        {
            frame.AbsolutePath = Text(frame.AbsolutePath);
            frame.FileName = Text(frame.FileName);
        }
    }
}
