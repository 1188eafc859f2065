using Microsoft.Extensions.Logging;

namespace Grove.Core.Logs;

/// <summary>
/// One entry of Grove's file log as <c>grove logs</c> and the API show it: its level and its text as
/// written (first line with timestamp, level and category; further lines indented).
/// </summary>
public sealed record LogEntry(DateTimeOffset? Timestamp, LogLevel Level, string Text);
