namespace VetrAI.Grains.Abstractions.ApiKeys;

/// <summary>References to key grains on the validation hot path. Orleans 10's <c>GetGrain&lt;T&gt;(string)</c> works out
/// the interface's grain type by reflection on every call, which measured a third of the validation endpoint's own
/// time (bench/README.md); here it is worked out once and the reference is made from the grain id.</summary>
public static class ApiKeyGrainReferences
{
    // An object, published whole: a front end's first validations arrive together, and a struct of the two types
    // stored in a shared field could be read half-written, giving an untyped reference (seen in CI as 500s).
    private static KeyGrainIdentity? _identity;

    /// <summary>The key grain whose key is <paramref name="hash"/> (the SHA-256 of the secret, lower-case hex).</summary>
    public static IApiKeyGrain GetApiKeyGrain(this IGrainFactory grains, string hash)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var identity = Volatile.Read(ref _identity) ?? Publish(grains);
        return (IApiKeyGrain)grains.GetGrain(GrainId.Create(identity.Type, hash), identity.Interface);
    }

    // Not LazyInitializer: its factory lambda would capture the grain factory, an allocation on every call.
    private static KeyGrainIdentity Publish(IGrainFactory grains)
    {
        var resolved = KeyGrainIdentity.Resolve(grains);
        return Interlocked.CompareExchange(ref _identity, resolved, null) ?? resolved;
    }

    private sealed record KeyGrainIdentity(GrainType Type, GrainInterfaceType Interface)
    {
        public static KeyGrainIdentity Resolve(IGrainFactory grains)
        {
            var reference = (GrainReference)grains.GetGrain<IApiKeyGrain>("resolve");
            return new(reference.GrainId.Type, reference.InterfaceType);
        }
    }
}
