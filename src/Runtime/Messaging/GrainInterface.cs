using System.Collections.Frozen;
using System.Reflection;

namespace VetrAI.Runtime.Messaging;

/// <summary>A validated grain interface: its grain type name, its methods by MethodInfo (for proxies)
/// and by name (for remote calls), and the prototype reference that new references are cloned from.</summary>
internal sealed class GrainInterface
{
    private readonly FrozenDictionary<MethodInfo, GrainMethod> _byMethod;
    private readonly FrozenDictionary<string, GrainMethod> _byName;
    private readonly GrainProxy _prototype;

    public GrainInterface(Type type, string grainType, GrainCallRouter router, Func<GrainInterface, IReadOnlyList<GrainMethod>> createMethods)
    {
        Type = type;
        GrainType = grainType;
        Router = router;
        var methods = createMethods(this);
        _byMethod = methods.ToFrozenDictionary(m => m.Method);
        _byName = methods.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);
        _prototype = GrainProxy.CreatePrototype(this);
    }

    public Type Type { get; }

    /// <summary>The type name in grain ids; empty for interfaces that are not keyed (IRemindable).</summary>
    public string GrainType { get; }

    public GrainCallRouter Router { get; }

    public GrainMethod GetMethod(MethodInfo method) =>
        _byMethod.TryGetValue(method, out var grainMethod)
            ? grainMethod
            : throw new InvalidOperationException($"{method.DeclaringType?.Name}.{method.Name} is not a method of grain interface {Type.Name}.");

    public GrainMethod? FindMethod(string name) => _byName.GetValueOrDefault(name);

    public object CreateReference(GrainId grainId) => _prototype.CloneFor(grainId);
}
