namespace VetrAI.Runtime.Placement;

/// <summary>A 64-bit hash that every process computes identically (string.GetHashCode is randomized
/// per process): FNV-1a over the UTF-16 code units, then a murmur3-style finalizer so that
/// similar keys land far apart.</summary>
internal static class StableHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Of(string value) => Mix(Append(Offset, value));

    public static ulong Of(GrainId grainId)
    {
        var hash = Append(Offset, grainId.Type);
        hash = (hash ^ '/') * Prime;
        return Mix(Append(hash, grainId.Key));
    }

    /// <summary>The rendezvous weight of a grain on a silo.</summary>
    public static ulong Combine(ulong grainHash, ulong siloHash) => Mix(grainHash ^ (siloHash * 0x9E3779B97F4A7C15UL));

    private static ulong Append(ulong hash, string value)
    {
        foreach (var c in value)
        {
            hash = (hash ^ c) * Prime;
        }

        return hash;
    }

    private static ulong Mix(ulong value)
    {
        value ^= value >> 33;
        value *= 0xFF51AFD7ED558CCDUL;
        value ^= value >> 33;
        value *= 0xC4CEB9FE1A85EC53UL;
        value ^= value >> 33;
        return value;
    }
}
