using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Grove.Data;

/// <summary>
/// Value conversions shared by every store. Timestamps are ISO-8601 UTC text with seven
/// fractional digits: sortable as text, readable in a SQLite shell, exact for a DateTimeOffset.
/// Enums are lowercase text.
/// </summary>
internal static class Sql
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Timestamp(DateTimeOffset value) =>
        // "O" of a UTC DateTime is exactly TimestampFormat, through the runtime's fast path (no custom-format parsing per row).
        value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The length of every <see cref="Timestamp"/>.</summary>
    public const int TimestampLength = 28;

    /// <summary><see cref="Timestamp"/> written into <paramref name="destination"/> (<see cref="TimestampLength"/> chars), without a string.</summary>
    public static void FormatTimestamp(DateTimeOffset value, Span<char> destination)
    {
        if (!value.UtcDateTime.TryFormat(destination, out var written, "O", CultureInfo.InvariantCulture) || written != TimestampLength)
        {
            throw new FormatException($"Timestamp {value:O} is not {TimestampLength} characters in UTC.");
        }
    }

    public static DateTimeOffset ParseTimestamp(string text) =>
        new(DateTime.ParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    public static string Enum<TEnum>(TEnum value)
        where TEnum : struct, System.Enum =>
        value.ToString().ToLowerInvariant();

    /// <summary>Multi-word enum values as snake_case text (NeedsInput → needs_input).</summary>
    public static string SnakeEnum<TEnum>(TEnum value)
        where TEnum : struct, System.Enum =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>Parses lowercase or snake_case enum text.</summary>
    public static TEnum ParseEnum<TEnum>(string text)
        where TEnum : struct, System.Enum =>
        System.Enum.Parse<TEnum>(text.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true);

    public static void Bind(this SqliteCommand command, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    public static SqliteCommand Command(this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Bind(parameters);
        return command;
    }

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset GetTimestamp(this SqliteDataReader reader, int ordinal) =>
        ParseTimestamp(reader.GetString(ordinal));

    public static DateTimeOffset? GetNullableTimestamp(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ParseTimestamp(reader.GetString(ordinal));

    /// <summary>Runs a query and maps every row.</summary>
    public static async Task<IReadOnlyList<T>> QueryAsync<T>(
        this SqliteConnection connection,
        string sql,
        Func<SqliteDataReader, T> map,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Runs a query and maps the first row, or returns default when there is none.</summary>
    public static async Task<T?> QuerySingleOrDefaultAsync<T>(
        this SqliteConnection connection,
        string sql,
        Func<SqliteDataReader, T> map,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? map(reader) : default;
    }
}
