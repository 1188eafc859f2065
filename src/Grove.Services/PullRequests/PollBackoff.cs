namespace Grove.Services.PullRequests;

/// <summary>
/// How long to wait before asking GitHub again: <see cref="Min"/> after a change (or a user action),
/// doubling while nothing changes, never more than <see cref="Max"/>.
/// </summary>
public sealed class PollBackoff
{
    public static readonly TimeSpan Min = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    private TimeSpan _current = Min;

    /// <summary>The wait after a read; <paramref name="changed"/> starts over from <see cref="Min"/>.</summary>
    public TimeSpan Next(bool changed)
    {
        if (changed)
        {
            _current = Min;
            return Min;
        }

        _current = _current * 2 > Max ? Max : _current * 2;
        return _current;
    }

    /// <summary>A user action: the next wait is <see cref="Min"/> again.</summary>
    public void Reset() => _current = Min;
}
