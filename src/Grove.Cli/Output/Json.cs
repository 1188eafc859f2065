using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grove.Cli;

/// <summary>
/// JSON for the terminal and scripts: camelCase, indented, and text kept readable (UTF-8 as is,
/// <c>über</c> not <c>\u00FC</c>). The relaxed encoder is safe here because the output is never
/// embedded in HTML; quotes, backslashes and control characters are still escaped.
/// </summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The same, one line per value: for streams of events (<c>grove ws watch --json</c>).</summary>
    public static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };

    public static void Write<T>(TextWriter writer, T value) => writer.WriteLine(JsonSerializer.Serialize(value, Options));
}
