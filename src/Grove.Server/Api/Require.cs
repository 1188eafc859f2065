using Grove.Core.Errors;

namespace Grove.Server.Api;

/// <summary>Small request checks that fail as InvalidInput (400) through the one error mapping.</summary>
internal static class Require
{
    public static string Text(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new GroveException(ErrorKind.InvalidInput, $"'{name}' is required.") : value;

    public static IReadOnlyList<string> Paths(IReadOnlyList<string>? paths) =>
        paths is { Count: > 0 } ? paths : throw new GroveException(ErrorKind.InvalidInput, "'paths' needs at least one path.");

    public static int Range(int? value, int fallback, int min, int max, string name) =>
        value is null ? fallback
        : value < min || value > max ? throw new GroveException(ErrorKind.InvalidInput, $"'{name}' must be between {min} and {max}.")
        : value.Value;
}
