namespace Grove.Services.Terminals;

/// <summary>How terminals are looked after.</summary>
public sealed class TerminalOptions
{
    /// <summary>How often the workspaces of live terminals are checked (archived or deleted by another process).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);
}
