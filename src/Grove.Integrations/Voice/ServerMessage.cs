using System.Text.Json;

namespace Grove.Integrations.Voice;

/// <summary>The human part of an error body: OpenAI's <c>{"error":{"message":…}}</c>, a <c>{"detail"|"message"|"error":"…"}</c>, or the text itself.</summary>
internal static class ServerMessage
{
    public static string? Of(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                    {
                        return message.GetString();
                    }

                    if (error.ValueKind == JsonValueKind.String)
                    {
                        return error.GetString();
                    }
                }

                foreach (var name in (string[])["detail", "message", "title"])
                {
                    if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text is the message.
        }

        return body.Length > 300 ? body[..300] : body;
    }
}
