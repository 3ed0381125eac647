using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace VetrAI.Runtime.Messaging;

/// <summary>A grain reference: the object <see cref="IGrainFactory.GetGrain{TGrain}(string)"/> hands
/// out. Each interface gets one generated proxy type (by <see cref="DispatchProxy"/>) and one prototype
/// instance; references are shallow clones of it, so creating one costs a small allocation and no
/// reflection. A call looks up its precompiled <see cref="GrainMethod"/> by MethodInfo.</summary>
[SuppressMessage("Performance", "CA1852:Seal internal types", Justification = "DispatchProxy derives the generated proxy type from this class.")]
internal class GrainProxy : DispatchProxy
{
    private GrainInterface? _interface;
    private GrainId _grainId;

    public GrainId GrainId => _grainId;

    internal static GrainProxy CreatePrototype(GrainInterface grainInterface)
    {
        var prototype = (GrainProxy)Create(grainInterface.Type, typeof(GrainProxy));
        prototype._interface = grainInterface;
        return prototype;
    }

    internal GrainProxy CloneFor(GrainId grainId)
    {
        var reference = (GrainProxy)MemberwiseClone();
        reference._grainId = grainId;
        return reference;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        _interface!.GetMethod(targetMethod!).InvokeFromProxy(_grainId, args ?? []);

    public override string ToString() => $"GrainReference({_interface?.Type.Name}, {_grainId})";

    public override bool Equals(object? obj) =>
        obj is GrainProxy other && other._grainId == _grainId && other._interface == _interface;

    public override int GetHashCode() => _grainId.GetHashCode();
}
