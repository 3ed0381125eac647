using System.Collections.Frozen;
using VetrAI.Runtime.Messaging;
using VetrAI.Runtime.Serialization;

namespace VetrAI.Runtime.Activation;

/// <summary>The grain classes this silo hosts, by grain type name. Built (and so validated) once:
/// every registered interface and every grain interface its class implements is checked, and all
/// problems are reported together.</summary>
internal sealed class GrainClassRegistry
{
    private readonly FrozenDictionary<string, GrainClass> _byType;

    public GrainClassRegistry(IEnumerable<GrainRegistration> registrations, GrainInterfaceRegistry interfaces, GrainJsonOptions json)
    {
        var errors = new List<string>();
        var byType = new Dictionary<string, GrainClass>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            try
            {
                var grainInterface = interfaces.Get(registration.Interface);
                foreach (var implemented in GrainInterfaceRegistry.GrainInterfacesOf(registration.Implementation))
                {
                    interfaces.Get(implemented);
                }

                if (byType.TryGetValue(grainInterface.GrainType, out var existing))
                {
                    if (existing.Implementation != registration.Implementation)
                    {
                        errors.Add($"Grain type '{grainInterface.GrainType}' ({registration.Interface.Name}) is registered for both "
                            + $"{existing.Implementation.FullName} and {registration.Implementation.FullName}; give one interface another [GrainType].");
                    }

                    continue;
                }

                byType[grainInterface.GrainType] = new GrainClass(grainInterface.GrainType, registration.Implementation, json);
            }
            catch (InvalidOperationException ex)
            {
                errors.Add(ex.Message);
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"The silo's grain registrations are invalid:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        }

        _byType = byType.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public GrainClass? Find(string grainType) => _byType.GetValueOrDefault(grainType);
}
