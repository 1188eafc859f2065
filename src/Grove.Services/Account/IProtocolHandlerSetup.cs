namespace Grove.Services.Account;

/// <summary>What <c>grove setup desktop</c> did: the file written, and whether <c>xdg-mime</c> made Grove the handler.</summary>
public sealed record ProtocolHandlerResult(string DesktopFile, string Exec, bool XdgMimeRan, string? XdgMimeError);

/// <summary>
/// Registers <c>grove://</c> links with the desktop so a sign-in can come back through <c>grove open-url &lt;url&gt;</c>.
/// Linux only (a <c>.desktop</c> file in <c>$XDG_DATA_HOME/applications</c> or <c>~/.local/share/applications</c>, then
/// <c>xdg-mime default grove.desktop x-scheme-handler/grove</c> when xdg-mime is installed; never through a shell).
/// </summary>
public interface IProtocolHandlerSetup
{
    /// <summary>Registers <paramref name="command"/> (the program and its leading arguments that run <c>grove</c>).</summary>
    Task<ProtocolHandlerResult> RegisterAsync(IReadOnlyList<string> command, CancellationToken cancellationToken = default);
}
