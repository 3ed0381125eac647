namespace VetrAI.Runtime;

/// <summary>Names a grain interface's type in grain ids, storage rows and reminders. Without it the
/// name is the interface name without the leading "I" and the trailing "Grain", lower-cased
/// (<c>IApiKeyGrain</c> is <c>apikey</c>). Renaming a grain type is a data migration.</summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The stable type name.</summary>
    public string Name { get; } = name;
}

/// <summary>Every call to a grain class marked with this may interleave with every other call
/// at its awaits (no turn-based exclusion).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>On a grain interface method: the method does not change state, so calls to read-only
/// methods may interleave with each other, but never with a call to another method.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>On a grain interface method: calls to it interleave with any other call.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>On a type: its instances are never mutated after construction, so the runtime passes
/// them between grains without copying. Use it only for types that are deeply immutable.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class ImmutableAttribute : Attribute;

/// <summary>On a grain constructor parameter of type <see cref="IPersistentState{TState}"/>:
/// the runtime supplies the grain's persisted state of that name, read before activation.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName) : Attribute
{
    /// <summary>The state's name; a grain may have several states with different names.</summary>
    public string StateName { get; } = stateName;
}
