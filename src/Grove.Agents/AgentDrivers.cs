using Grove.Core.Errors;

namespace Grove.Agents;

internal sealed class AgentDrivers(IEnumerable<IAgentDriver> drivers) : IAgentDrivers
{
    private readonly Dictionary<string, IAgentDriver> _drivers = drivers.ToDictionary(d => d.Kind, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Kinds => _drivers.Keys;

    public IAgentDriver Get(string kind) =>
        _drivers.TryGetValue(kind, out var driver)
            ? driver
            : throw new GroveException(ErrorKind.NotFound, $"There is no agent of kind '{kind}'; known kinds: {string.Join(", ", _drivers.Keys)}.");
}
