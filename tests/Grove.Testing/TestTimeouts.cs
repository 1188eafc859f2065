namespace Grove.Testing;

public static class TestTimeouts
{
    /// <summary>Upper bound for waiting on an event in a test (never a sleep).</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary>A token that cancels after <see cref="Default"/>, linked to xUnit's test token.</summary>
    public static CancellationToken Token(CancellationToken testToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(testToken);
        cts.CancelAfter(Default);
        return cts.Token;
    }
}
