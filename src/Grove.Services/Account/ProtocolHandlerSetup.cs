using System.Text;
using Grove.Agents;
using Grove.Agents.Processes;
using Grove.Core.Errors;
using Grove.Core.Processes;

namespace Grove.Services.Account;

/// <inheritdoc cref="IProtocolHandlerSetup"/>
internal sealed class ProtocolHandlerSetup(AgentHostEnvironment host) : IProtocolHandlerSetup
{
    public const string FileName = "grove.desktop";
    public const string MimeType = "x-scheme-handler/grove";

    public async Task<ProtocolHandlerResult> RegisterAsync(IReadOnlyList<string> command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!OperatingSystem.IsLinux())
        {
            throw new GroveException(ErrorKind.Unsupported, "`grove setup desktop` registers grove:// links on Linux; see the README for macOS and Windows.");
        }

        if (command.Count == 0 || !Path.IsPathFullyQualified(command[0]))
        {
            throw new GroveException(ErrorKind.InvalidInput, "Grove's own executable path is not known; run the installed `grove`.");
        }

        var dataHome = host.Get("XDG_DATA_HOME") is { } xdg && Path.IsPathFullyQualified(xdg) ? xdg : Path.Combine(host.HomeDirectory, ".local", "share");
        var folder = Path.Combine(dataHome, "applications");
        Directory.CreateDirectory(folder);
        var exec = string.Join(' ', command.Select(Quote)) + " open-url %u";
        var file = Path.Combine(folder, FileName);
        var text = new StringBuilder()
            .Append("[Desktop Entry]\n")
            .Append("Type=Application\n")
            .Append("Name=Grove\n")
            .Append("Comment=Opens grove:// links (account sign-in) in the running Grove\n")
            .Append("Exec=").Append(exec).Append('\n')
            .Append("Terminal=false\n")
            .Append("NoDisplay=true\n")
            .Append("MimeType=").Append(MimeType).Append(";\n")
            .ToString();
        await File.WriteAllTextAsync(file, text, cancellationToken);

        if (ExecutableSearch.OnPath(host, "xdg-mime").FirstOrDefault() is not { } xdgMime)
        {
            return new ProtocolHandlerResult(file, exec, false, "xdg-mime is not installed (package xdg-utils)");
        }

        var result = await BoundedProcess.RunAsync(
            new BoundedProcessStart(xdgMime, ["default", FileName, MimeType]) { Timeout = TimeSpan.FromSeconds(30) },
            cancellationToken);
        return result.Succeeded
            ? new ProtocolHandlerResult(file, exec, true, null)
            : new ProtocolHandlerResult(file, exec, false, result.StartError ?? (result.TimedOut ? "xdg-mime timed out" : OneLine(result.StandardError, result.ExitCode)));
    }

    /// <summary>Quotes an Exec argument as the Desktop Entry spec asks (reserved characters inside double quotes, escaped).</summary>
    internal static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '+' or ','))
        {
            return argument;
        }

        var escaped = new StringBuilder("\"");
        foreach (var c in argument)
        {
            if (c is '"' or '`' or '$' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c == '%' ? "%%" : c.ToString());
        }

        return escaped.Append('"').ToString();
    }

    private static string OneLine(string error, int exitCode)
    {
        var line = error.ReplaceLineEndings(" ").Trim();
        return line.Length == 0 ? $"xdg-mime exited with {exitCode}" : line;
    }
}
