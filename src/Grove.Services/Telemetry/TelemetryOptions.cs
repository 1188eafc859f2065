namespace Grove.Services.Telemetry;

/// <summary>
/// What crash reporting reads from the process environment: <c>GROVE_SENTRY_DSN</c> (wins over the
/// <c>telemetry.sentry_dsn</c> setting), the environment name (<c>GROVE_ENVIRONMENT</c>, else
/// <c>DOTNET_ENVIRONMENT</c> / <c>ASPNETCORE_ENVIRONMENT</c>; Development never reports) and the home
/// folder reports show as <c>~</c>.
/// </summary>
public sealed class TelemetryOptions
{
    public string? SentryDsn { get; init; }

    public string EnvironmentName { get; init; } = "production";

    /// <summary>Shown as <c>~</c> in reports; by default the user's profile folder.</summary>
    public string? HomeDirectory { get; init; } = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public bool IsDevelopment => string.Equals(EnvironmentName, "Development", StringComparison.OrdinalIgnoreCase);

    public static TelemetryOptions FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Value(string name) => environment(name) is { Length: > 0 } value ? value.Trim() : null;
        return new TelemetryOptions
        {
            SentryDsn = Value("GROVE_SENTRY_DSN"),
            EnvironmentName = Value("GROVE_ENVIRONMENT") ?? Value("DOTNET_ENVIRONMENT") ?? Value("ASPNETCORE_ENVIRONMENT") ?? "production",
            HomeDirectory = Value("HOME") ?? Value("USERPROFILE") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        };
    }
}
