namespace Grove.Core.Workspaces;

/// <summary>A workspace's own ports: <see cref="First"/> .. <see cref="Last"/> (GROVE_PORT, GROVE_PORT_RANGE).</summary>
public sealed record PortRange(int First, int Count)
{
    public int Last => First + Count - 1;

    /// <summary>The <c>first-last</c> form of GROVE_PORT_RANGE.</summary>
    public override string ToString() => $"{First}-{Last}";

    public bool Contains(int port) => port >= First && port <= Last;
}
