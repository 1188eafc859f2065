using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Grove.Services.Hosting;

/// <summary>
/// The Data Protection key ring in <c>&lt;data&gt;/keys</c>, readable by the user only: the folder
/// is created 0700 and each key file is written 0600 from the start (on Unix). Linux has no
/// DPAPI, so these modes are what protects the keys at rest (see README, "Safety").
/// </summary>
internal sealed class UserOnlyKeyRepository(string directory) : IXmlRepository
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        // A ring made by an older Grove (or copied in) is tightened before it is used.
        EnsureFolder(directory);
        return [.. Directory.EnumerateFiles(directory, "*.xml").Order(StringComparer.Ordinal).Select(file => XElement.Load(file))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        EnsureFolder(directory);
        var name = IsSafeName(friendlyName) ? friendlyName : Guid.NewGuid().ToString();
        var target = Path.Combine(directory, name + ".xml");
        var temporary = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        using (var stream = new FileStream(temporary, options))
        {
            element.Save(stream);
        }

        File.Move(temporary, target, overwrite: false);
    }

    /// <summary>Creates the key folder user-only, and tightens one made earlier by someone else.</summary>
    public static void EnsureFolder(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        Directory.CreateDirectory(directory, FolderMode);
        if (File.GetUnixFileMode(directory) != FolderMode)
        {
            File.SetUnixFileMode(directory, FolderMode);
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*.xml"))
        {
            if (File.GetUnixFileMode(file) != FileMode)
            {
                File.SetUnixFileMode(file, FileMode);
            }
        }
    }

    private static bool IsSafeName(string name) =>
        name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
