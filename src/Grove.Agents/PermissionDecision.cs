using System.Text.Json;

namespace Grove.Agents;

/// <summary>An answer to a permission request: allow (maybe with edited input or saved rules) or deny.</summary>
public sealed record PermissionDecision
{
    private PermissionDecision()
    {
    }

    public bool Allow { get; private init; }

    /// <summary>The input the tool runs with; null keeps the requested input.</summary>
    public JsonElement? UpdatedInput { get; private init; }

    /// <summary>Permission updates to save (JSON array, the shape of the request's suggestions).</summary>
    public JsonElement? UpdatedPermissions { get; private init; }

    /// <summary>Save the request's own suggestions (rules, mode change) when <see cref="UpdatedPermissions"/> is null.</summary>
    public bool SaveSuggestions { get; private init; }

    /// <summary>Why it was denied; the model reads this as the tool's error result.</summary>
    public string? Message { get; private init; }

    /// <summary>Deny and also stop the turn.</summary>
    public bool Interrupt { get; private init; }

    /// <summary>What a person chose (<see cref="Grove.Core.Agents.PermissionScopes"/>), recorded on the decision event.</summary>
    public string? Scope { get; init; }

    /// <summary>Allow this call only.</summary>
    public static PermissionDecision AllowOnce(JsonElement? updatedInput = null) => new() { Allow = true, UpdatedInput = updatedInput };

    /// <summary>Allow and save rules: the given ones, or the request's suggestions when none are given.</summary>
    public static PermissionDecision AllowAlways(JsonElement? updatedPermissions = null, JsonElement? updatedInput = null) =>
        new() { Allow = true, UpdatedInput = updatedInput, UpdatedPermissions = updatedPermissions, SaveSuggestions = updatedPermissions is null };

    public static PermissionDecision Deny(string message, bool interrupt = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return new() { Allow = false, Message = message, Interrupt = interrupt };
    }
}
