using Grove.Agents;
using Grove.Services.Account;
using Grove.Testing;

namespace Grove.Services.Tests.Account;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProtocolHandlerSetupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writes_the_desktop_file_and_runs_xdg_mime_with_arguments_not_a_shell()
    {
        using var home = new TempDirectory("grove-desktop");
        var bin = Directory.CreateDirectory(Path.Combine(home.Path, "bin")).FullName;
        var record = Path.Combine(home.Path, "xdg-mime.args");
        var xdgMime = Path.Combine(bin, "xdg-mime");
        await File.WriteAllTextAsync(xdgMime, $"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{record}'\n", Ct);
        File.SetUnixFileMode(xdgMime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var host = new AgentHostEnvironment(new Dictionary<string, string> { ["PATH"] = bin + ":/usr/bin:/bin" }, home.Path);

        var result = await new ProtocolHandlerSetup(host).RegisterAsync(["/opt/My Grove/grove"], Ct);

        Assert.Equal(Path.Combine(home.Path, ".local", "share", "applications", "grove.desktop"), result.DesktopFile);
        Assert.True(result.XdgMimeRan, result.XdgMimeError);
        var text = await File.ReadAllTextAsync(result.DesktopFile, Ct);
        Assert.Contains("MimeType=x-scheme-handler/grove;\n", text);
        Assert.Contains("Exec=\"/opt/My Grove/grove\" open-url %u\n", text);
        Assert.Equal(["default", "grove.desktop", "x-scheme-handler/grove"], (await File.ReadAllLinesAsync(record, Ct)));
    }

    [Fact]
    public async Task Without_xdg_mime_the_file_is_still_written_and_the_result_says_so()
    {
        using var home = new TempDirectory("grove-desktop");
        var data = Path.Combine(home.Path, "xdg-data");
        var host = new AgentHostEnvironment(new Dictionary<string, string> { ["PATH"] = Path.Combine(home.Path, "empty"), ["XDG_DATA_HOME"] = data }, home.Path);

        var result = await new ProtocolHandlerSetup(host).RegisterAsync(["/usr/local/bin/grove"], Ct);

        Assert.False(result.XdgMimeRan);
        Assert.Contains("xdg-mime is not installed", result.XdgMimeError);
        Assert.True(File.Exists(Path.Combine(data, "applications", "grove.desktop")));
        Assert.Equal("/usr/local/bin/grove open-url %u", result.Exec);
    }
}
