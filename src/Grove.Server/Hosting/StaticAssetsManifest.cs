namespace Grove.Server.Hosting;

/// <summary>
/// Finds the static web assets endpoint manifest (Blazor's framework script, the UI's CSS and JS)
/// next to the executable that hosts the server: <c>grove</c>'s (also copied next to test
/// assemblies that reference the CLI), else the entry assembly's, else this library's own.
/// </summary>
internal static class StaticAssetsManifest
{
    private const string Suffix = ".staticwebassets.endpoints.json";

    /// <summary>The <c>grove</c> executable: its manifests include Blazor's framework script.</summary>
    private const string HostAssemblyName = "grove";

    /// <summary>The endpoints manifest for <c>MapStaticAssets</c>.</summary>
    public static string? Find() => FindFile(Suffix);

    /// <summary>
    /// The build-output manifest that maps assets to their source folders and packages; absent after
    /// publish, where the assets sit in wwwroot.
    /// </summary>
    public static string? FindRuntime() => FindFile(".staticwebassets.runtime.json");

    private static string? FindFile(string suffix)
    {
        var baseDirectory = AppContext.BaseDirectory;
        foreach (var name in new[] { System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name, HostAssemblyName, typeof(StaticAssetsManifest).Assembly.GetName().Name })
        {
            if (name is null)
            {
                continue;
            }

            var path = Path.Combine(baseDirectory, name + suffix);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
