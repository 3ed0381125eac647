using System.Reflection;

namespace VetrAI.Runtime.Serialization;

/// <summary>Which types the runtime may pass between grains without copying.</summary>
internal static class ImmutableTypes
{
    private static readonly HashSet<Type> _known =
    [
        typeof(string), typeof(decimal), typeof(Guid), typeof(DateTime), typeof(DateTimeOffset),
        typeof(DateOnly), typeof(TimeOnly), typeof(TimeSpan), typeof(Uri), typeof(Version),
        typeof(CancellationToken), typeof(GrainId), typeof(TickStatus), typeof(StateIndex), typeof(SiloAddress),
    ];

    public static bool IsImmutable(Type type)
    {
        // Grain references are identities: sharing one is as safe as sharing a string.
        if (type.IsPrimitive || type.IsEnum || _known.Contains(type) || (type.IsInterface && typeof(IGrain).IsAssignableFrom(type)))
        {
            return true;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return IsImmutable(underlying);
        }

        return type.GetCustomAttribute<ImmutableAttribute>(inherit: false) is not null;
    }
}
