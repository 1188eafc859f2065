using Microsoft.Extensions.DependencyInjection;

namespace Grove.Testing;

/// <summary>Wraps a registered service with a hand-written double (counting, failing…) around the original.</summary>
public static class ServiceDecoration
{
    /// <summary>Replaces the registration of <typeparamref name="T"/> with a singleton wrapper around the original.</summary>
    public static void Decorate<T>(this IServiceCollection services, Func<T, T> wrap) where T : class
    {
        var original = services.Last(d => d.ServiceType == typeof(T));
        services.Remove(original);
        services.AddSingleton(sp => wrap((T)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!))));
    }
}
