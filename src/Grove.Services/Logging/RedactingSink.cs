using System.Globalization;
using System.Text;
using Grove.Core.Security;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Grove.Services.Logging;

/// <summary>
/// The step before every sink: each event is rebuilt from redacted text — the rendered message,
/// every property, and the exception (type name kept; message and stack trace redacted) — so no
/// sink ever sees a secret.
/// </summary>
internal sealed class RedactingSink(ILogEventSink inner, ISecretRedactor redactor) : ILogEventSink, IDisposable
{
    public void Emit(LogEvent logEvent)
    {
        var message = redactor.Redact(Render(logEvent));
        var properties = logEvent.Properties
            .Select(p => new LogEventProperty(p.Key, Redact(p.Value)))
            .ToList();
        var exception = logEvent.Exception is { } ex ? RedactedException.From(ex, redactor) : null;
        inner.Emit(new LogEvent(logEvent.Timestamp, logEvent.Level, exception, new MessageTemplate([new TextToken(message)]), properties));
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();

    /// <summary>The message as a person reads it: text values as they are (Serilog would quote them), others formatted invariantly.</summary>
    internal static string Render(LogEvent logEvent)
    {
        var text = new StringBuilder();
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            switch (token)
            {
                case TextToken literal:
                    text.Append(literal.Text);
                    break;
                case PropertyToken property when logEvent.Properties.TryGetValue(property.PropertyName, out var value):
                    if (value is ScalarValue { Value: string plain })
                    {
                        text.Append(plain);
                    }
                    else
                    {
                        using var writer = new StringWriter(CultureInfo.InvariantCulture);
                        value.Render(writer, property.Format, CultureInfo.InvariantCulture);
                        text.Append(writer);
                    }

                    break;
                default:
                    text.Append(token.ToString());
                    break;
            }
        }

        return text.ToString();
    }

    private LogEventPropertyValue Redact(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string text } => new ScalarValue(redactor.Redact(text)),
        ScalarValue { Value: null or bool or int or long or double or decimal or float or DateTimeOffset or DateTime or TimeSpan or Guid } scalar => scalar,
        ScalarValue scalar => new ScalarValue(redactor.Redact(scalar.Value.ToString() ?? string.Empty)),
        _ => new ScalarValue(redactor.Redact(value.ToString())),
    };
}

/// <summary>An exception as it may be written: its type's name, and redacted message and text.</summary>
internal sealed class RedactedException(string typeName, string message, string text) : Exception(message)
{
    public string TypeName { get; } = typeName;

    public static RedactedException From(Exception exception, ISecretRedactor redactor) =>
        exception as RedactedException ?? new RedactedException(
            exception.GetType().FullName ?? exception.GetType().Name,
            redactor.Redact(exception.Message),
            redactor.Redact(exception.ToString()));

    /// <summary>The full text, stack trace included (written at Debug).</summary>
    public override string ToString() => text;
}
