namespace Grove.Services.Telemetry;

/// <summary>
/// How a front end records a command that failed: an expected failure (a <c>GroveException</c>) is
/// logged as a warning; anything else is logged as critical, which also sends a crash report when
/// reports are on, and waits for it to leave.
/// </summary>
public interface IFailureLog
{
    Task RecordAsync(string command, Exception exception, CancellationToken cancellationToken = default);
}
