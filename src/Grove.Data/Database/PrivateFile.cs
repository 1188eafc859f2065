namespace Grove.Data;

/// <summary>Keeps database files readable by their owner only (mode 0600 on Unix).</summary>
internal static class PrivateFile
{
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
