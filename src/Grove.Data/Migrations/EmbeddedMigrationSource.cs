using System.Reflection;
using System.Text.RegularExpressions;

namespace Grove.Data.Migrations;

/// <summary>Reads the <c>Migrations/NNNN_name.sql</c> files embedded in this assembly.</summary>
internal sealed partial class EmbeddedMigrationSource : IMigrationSource
{
    public static readonly EmbeddedMigrationSource Instance = new();

    private readonly Lazy<IReadOnlyList<Migration>> _migrations = new(Load);

    public IReadOnlyList<Migration> GetMigrations() => _migrations.Value;

    private static IReadOnlyList<Migration> Load()
    {
        var assembly = typeof(EmbeddedMigrationSource).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ResourceName().Match(resource);
            if (!match.Success)
            {
                continue;
            }

            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                ReadResource(assembly, resource)));
        }

        return [.. migrations.OrderBy(m => m.Version)];
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration '{resource}' could not be read.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"Migrations\._?(?<version>\d{4})_(?<name>[A-Za-z0-9_]+)\.sql$")]
    private static partial Regex ResourceName();
}
