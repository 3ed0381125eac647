using Orleans.Storage;
using VetrAI.Grains.ReadModels;

namespace VetrAI.Silo.Storage;

/// <summary>Stores grain state as plain UTF-8 JSON (the write statement keeps it as <c>json</c>, readable with psql
/// and queryable by the read models), in the grains' own JSON form (<see cref="GrainStateJson"/>, which the read
/// models read back with). Orleans' default storage serializer writes Newtonsoft JSON with .NET type names, which
/// ties rows to class names.</summary>
internal sealed class JsonGrainStorageSerializer(GrainStateJson json) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(json.Serialize(input!));

    public T Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return json.Deserialize<T>(input.ToMemory().Span);
    }
}
