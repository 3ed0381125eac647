namespace VetrAI.Grains.Abstractions.ApiKeys;

/// <summary>References to key grains on the validation hot path. Orleans 10's <c>GetGrain&lt;T&gt;(string)</c> works out
/// the interface's grain type by reflection on every call, which measured a third of the validation endpoint's own
/// time (bench/README.md); here it is worked out once and the reference is made from the grain id.</summary>
public static class ApiKeyGrainReferences
{
    private static (GrainType Type, GrainInterfaceType Interface)? _identity;

    /// <summary>The key grain whose key is <paramref name="hash"/> (the SHA-256 of the secret, lower-case hex).</summary>
    public static IApiKeyGrain GetApiKeyGrain(this IGrainFactory grains, string hash)
    {
        ArgumentNullException.ThrowIfNull(grains);
        // A benign race: two first callers compute the same value.
        var (type, interfaceType) = _identity ??= Resolve(grains);
        return (IApiKeyGrain)grains.GetGrain(GrainId.Create(type, hash), interfaceType);
    }

    private static (GrainType, GrainInterfaceType) Resolve(IGrainFactory grains)
    {
        var reference = (GrainReference)grains.GetGrain<IApiKeyGrain>("resolve");
        return (reference.GrainId.Type, reference.InterfaceType);
    }
}
