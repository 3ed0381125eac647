using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.Runtime.Serialization;
using VetrAI.Runtime.Storage;

namespace VetrAI.Runtime.Activation;

/// <summary>How to make an instance of one grain class: a constructor call compiled once, with services
/// from DI and the grain's persistent states in place of its [PersistentState] parameters.</summary>
internal sealed class GrainClass
{
    private static readonly MethodInfo _getRequiredService = typeof(ServiceProviderServiceExtensions)
        .GetMethod(nameof(ServiceProviderServiceExtensions.GetRequiredService), [typeof(IServiceProvider), typeof(Type)])!;

    private readonly Func<IServiceProvider, IStateHolder[]?, Grain> _construct;
    private readonly IStateDescriptor[] _states;

    public GrainClass(string grainType, Type implementation, GrainJsonOptions json)
    {
        GrainType = grainType;
        Implementation = implementation;
        Reentrant = implementation.IsDefined(typeof(ReentrantAttribute), inherit: false);
        if (implementation.IsAbstract || !typeof(Grain).IsAssignableFrom(implementation))
        {
            throw new InvalidOperationException($"Grain class {implementation.FullName} must be a concrete class deriving from Grain.");
        }

        var constructor = ChooseConstructor(implementation);
        var services = Expression.Parameter(typeof(IServiceProvider), "services");
        var states = Expression.Parameter(typeof(IStateHolder[]), "states");
        var descriptors = new List<IStateDescriptor>();
        var arguments = new List<Expression>();
        foreach (var parameter in constructor.GetParameters())
        {
            if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } persistent)
            {
                var type = parameter.ParameterType;
                if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
                {
                    throw new InvalidOperationException(
                        $"Grain class {implementation.FullName}: [PersistentState] parameter '{parameter.Name}' must be of type IPersistentState<TState>.");
                }

                if (descriptors.Exists(d => d.Name == persistent.StateName))
                {
                    throw new InvalidOperationException(
                        $"Grain class {implementation.FullName}: two persistent states are named '{persistent.StateName}'.");
                }

                var descriptorType = typeof(StateDescriptor<>).MakeGenericType(type.GetGenericArguments()[0]);
                descriptors.Add((IStateDescriptor)Activator.CreateInstance(descriptorType, persistent.StateName, json)!);
                arguments.Add(Expression.Convert(Expression.ArrayIndex(states, Expression.Constant(descriptors.Count - 1)), type));
            }
            else
            {
                arguments.Add(Expression.Convert(
                    Expression.Call(_getRequiredService, services, Expression.Constant(parameter.ParameterType)), parameter.ParameterType));
            }
        }

        _states = [.. descriptors];
        _construct = Expression.Lambda<Func<IServiceProvider, IStateHolder[]?, Grain>>(
            Expression.Convert(Expression.New(constructor, arguments), typeof(Grain)), services, states).Compile();
    }

    public string GrainType { get; }

    public Type Implementation { get; }

    public bool Reentrant { get; }

    /// <summary>Creates the grain instance and its (not yet read) states; runs inside
    /// <see cref="GrainContextScope.Construct{T}"/> so the Grain base constructor finds its context.</summary>
    public (Grain Grain, IStateHolder[]? States) Create(ActivationData activation, IServiceProvider services, GrainStorage storage)
    {
        IStateHolder[]? states = null;
        if (_states.Length > 0)
        {
            states = new IStateHolder[_states.Length];
            for (var i = 0; i < states.Length; i++)
            {
                states[i] = _states[i].Create(activation, storage);
            }
        }

        return (_construct(services, states), states);
    }

    private static ConstructorInfo ChooseConstructor(Type implementation)
    {
        var constructors = implementation.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        if (constructors.Length == 0)
        {
            constructors = implementation.GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance);
        }

        return constructors.Length switch
        {
            0 => throw new InvalidOperationException($"Grain class {implementation.FullName} has no constructor."),
            1 => constructors[0],
            _ => constructors.MaxBy(c => c.GetParameters().Length)!,
        };
    }
}
