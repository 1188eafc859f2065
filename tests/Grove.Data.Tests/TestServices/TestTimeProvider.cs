namespace Grove.Data.Tests.TestServices;

/// <summary>A clock that only moves when the test moves it.</summary>
public sealed class TestTimeProvider(DateTimeOffset start) : TimeProvider
{
    public static readonly DateTimeOffset DefaultStart = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234567);

    private DateTimeOffset _now = start;

    public TestTimeProvider()
        : this(DefaultStart)
    {
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
