using System.Text.Json;

namespace Grove.Agents.ClaudeCode;

/// <summary>Tolerant reads of stream-json objects: a missing or differently typed field reads as null.</summary>
internal static class JsonAccess
{
    public static JsonElement? Property(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static string? String(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static bool Bool(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.True };

    public static long? Long(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : null;

    public static int? Int(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : null;

    public static decimal? Decimal(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetDecimal(out var number) ? number : null;

    public static IEnumerable<JsonElement> Array(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray() : [];

    /// <summary>A required string field; a missing one means the line does not have the documented shape.</summary>
    public static string RequiredString(this JsonElement element, string name) =>
        element.String(name) ?? throw new UnexpectedShapeException($"'{name}' is missing or not a string");

    /// <summary>A required string field, unread: compare it with <see cref="JsonElement.ValueEquals(ReadOnlySpan{byte})"/> before making a string of it.</summary>
    public static JsonElement RequiredStringElement(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.String } value
            ? value
            : throw new UnexpectedShapeException($"'{name}' is missing or not a string");

    /// <summary>True when the field is a string equal to <paramref name="utf8"/> (compared without making a string).</summary>
    public static bool StringEquals(this JsonElement element, string name, ReadOnlySpan<byte> utf8) =>
        element.Property(name) is { ValueKind: JsonValueKind.String } value && value.ValueEquals(utf8);

    /// <summary>The field's array, or null when it is missing or not an array (enumerate it without boxing).</summary>
    public static JsonElement? ArrayOrNull(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Array } value ? value : null;

    /// <summary>A required object field.</summary>
    public static JsonElement RequiredObject(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Object } value
            ? value
            : throw new UnexpectedShapeException($"'{name}' is missing or not an object");

    /// <summary>A copy that outlives its <see cref="JsonDocument"/>.</summary>
    public static JsonElement? CloneOrNull(this JsonElement? element) => element?.Clone();
}

/// <summary>Valid JSON that does not have the shape the protocol documents; becomes a MalformedOutput event.</summary>
internal sealed class UnexpectedShapeException(string message) : Exception(message);
