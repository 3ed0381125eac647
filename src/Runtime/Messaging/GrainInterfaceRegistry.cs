using System.Collections.Concurrent;
using System.Reflection;
using VetrAI.Runtime.Serialization;

namespace VetrAI.Runtime.Messaging;

/// <summary>Validates grain interfaces and builds their call metadata, once per interface.</summary>
internal sealed class GrainInterfaceRegistry(GrainJsonOptions json, GrainCallRouter router)
{
    private readonly ConcurrentDictionary<Type, GrainInterface> _byType = new();
    private readonly ConcurrentDictionary<string, GrainInterface> _byName = new(StringComparer.Ordinal);
    private readonly Lock _buildLock = new();

    public GrainInterface Get(Type interfaceType)
    {
        if (_byType.TryGetValue(interfaceType, out var known))
        {
            return known;
        }

        // Built under a lock so each interface compiles its delegates once.
        lock (_buildLock)
        {
            if (!_byType.TryGetValue(interfaceType, out known))
            {
                known = Build(interfaceType);
                _byName[interfaceType.FullName!] = known;
                _byType[interfaceType] = known;
            }

            return known;
        }
    }

    /// <summary>An interface already known to this process, by full name (remote calls name it so).</summary>
    public GrainInterface? Find(string fullName) => _byName.GetValueOrDefault(fullName);

    /// <summary>The grain interfaces a grain class implements (markers excluded).</summary>
    public static IEnumerable<Type> GrainInterfacesOf(Type implementation) =>
        implementation.GetInterfaces().Where(i => typeof(IGrain).IsAssignableFrom(i) && !IsMarker(i));

    public static string GrainTypeName(Type interfaceType)
    {
        if (interfaceType.GetCustomAttribute<GrainTypeAttribute>(inherit: false) is { } attribute)
        {
            return attribute.Name;
        }

        var name = interfaceType.Name;
        if (name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
        {
            name = name[1..];
        }

        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }

    private static bool IsMarker(Type type) =>
        type == typeof(IGrain) || type == typeof(IGrainWithStringKey) || type == typeof(IGrainWithGuidKey);

    private GrainInterface Build(Type interfaceType)
    {
        var methods = Validate(interfaceType);
        var keyed = typeof(IGrainWithStringKey).IsAssignableFrom(interfaceType) || typeof(IGrainWithGuidKey).IsAssignableFrom(interfaceType);
        return new GrainInterface(interfaceType, keyed ? GrainTypeName(interfaceType) : "", router,
            owner => methods.Select(m => CreateMethod(owner, m)).ToArray());
    }

    private GrainMethod CreateMethod(GrainInterface owner, MethodInfo method)
    {
        var returnType = method.ReturnType;
        var (kind, resultType) = returnType == typeof(Task) ? (ReturnKind.Task, typeof(object))
            : returnType == typeof(ValueTask) ? (ReturnKind.ValueTask, typeof(object))
            : returnType.GetGenericTypeDefinition() == typeof(Task<>) ? (ReturnKind.TaskOfT, returnType.GetGenericArguments()[0])
            : (ReturnKind.ValueTaskOfT, returnType.GetGenericArguments()[0]);
        var methodType = typeof(GrainMethod<>).MakeGenericType(resultType);
        return (GrainMethod)Activator.CreateInstance(methodType, owner, method, kind, json)!;
    }

    /// <summary>Every method the interface exposes, or an exception listing everything wrong with it.</summary>
    private static List<MethodInfo> Validate(Type interfaceType)
    {
        var errors = new List<string>();
        if (!interfaceType.IsInterface || !typeof(IGrain).IsAssignableFrom(interfaceType))
        {
            errors.Add("it is not an interface deriving from IGrain");
        }

        if (interfaceType.IsGenericType)
        {
            errors.Add("generic grain interfaces are not supported");
        }

        var methods = new List<MethodInfo>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in interfaceType.GetInterfaces().Append(interfaceType).Where(t => !IsMarker(t)).Distinct())
        {
            foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (member is not MethodInfo method)
                {
                    errors.Add($"{member.Name}: grain interfaces declare methods only (no properties or events)");
                    continue;
                }

                if (method.IsSpecialName)
                {
                    continue;
                }

                ValidateMethod(method, errors);
                if (!names.Add(method.Name))
                {
                    errors.Add($"{method.Name}: overloads are not allowed (remote calls name methods without their parameters)");
                }

                methods.Add(method);
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"Grain interface {interfaceType.FullName} is invalid:{Environment.NewLine} - {string.Join(Environment.NewLine + " - ", errors)}");
        }

        return methods;
    }

    private static void ValidateMethod(MethodInfo method, List<string> errors)
    {
        var returnType = method.ReturnType;
        var validReturn = returnType == typeof(Task) || returnType == typeof(ValueTask)
            || (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)));
        if (!validReturn)
        {
            errors.Add($"{method.Name} returns {returnType.Name}; grain methods return Task, Task<T>, ValueTask or ValueTask<T>");
        }

        if (method.IsGenericMethodDefinition)
        {
            errors.Add($"{method.Name}: generic methods are not supported");
        }

        var parameters = method.GetParameters();
        if (parameters.Any(p => p.ParameterType.IsByRef || p.ParameterType.IsPointer))
        {
            errors.Add($"{method.Name}: ref, out, in and pointer parameters are not supported");
        }

        if (parameters.Count(p => p.ParameterType == typeof(CancellationToken)) > 1)
        {
            errors.Add($"{method.Name}: at most one CancellationToken parameter");
        }

        if (method.IsDefined(typeof(ReadOnlyAttribute), false) && method.IsDefined(typeof(AlwaysInterleaveAttribute), false))
        {
            errors.Add($"{method.Name}: [ReadOnly] and [AlwaysInterleave] together make no sense; pick one");
        }
    }
}
