using System.Text.Json.Serialization;

namespace VetrAI.Grains.Organizations;

[JsonSerializable(typeof(OrganizationState))]
[JsonSerializable(typeof(SlugIndexState))]
internal sealed partial class OrganizationsStateJsonContext : JsonSerializerContext;
