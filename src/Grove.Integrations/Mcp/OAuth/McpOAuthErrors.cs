using Grove.Core.Errors;

namespace Grove.Integrations.Mcp.OAuth;

/// <summary>
/// The authorization server answered and said no (a refused registration, code or refresh token),
/// as opposed to not being reachable. A refused refresh means the user must sign in again.
/// </summary>
public sealed class McpOAuthRefusedException(string message) : GroveException(ErrorKind.AuthRequired, message);
