using System.Globalization;

namespace Grove.Data.Tests;

/// <summary>Timestamps are stored in one fixed text form (sortable, 7 fractional digits, UTC, 'Z'): the fast "O" formatting writes exactly it.</summary>
public sealed class SqlTimestampTests
{
    public static TheoryData<string> Values => new()
    {
        "2026-12-07T21:13:41.1234567+00:00",
        "2026-01-02T03:04:05.0000000+00:00",
        "2026-06-30T23:59:59.9999999-07:30",
        "0999-03-01T00:00:00.0000001+02:00",
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Timestamp_IsTheFixedUtcForm_AndReadsBackToTheSameInstant(string value)
    {
        var instant = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);

        var stored = Sql.Timestamp(instant);

        Assert.Equal(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), stored);
        Assert.Equal(instant, Sql.ParseTimestamp(stored));
        Span<char> formatted = stackalloc char[Sql.TimestampLength];
        Sql.FormatTimestamp(instant, formatted);
        Assert.Equal(stored, formatted.ToString());
    }
}
