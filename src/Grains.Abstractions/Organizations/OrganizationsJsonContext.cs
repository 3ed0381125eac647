using System.Text.Json.Serialization;

namespace VetrAI.Grains.Abstractions.Organizations;

/// <summary>Source-generated JSON metadata for the records organization grains exchange.</summary>
[JsonSerializable(typeof(OrganizationInfo))]
[JsonSerializable(typeof(OrganizationLimits))]
[JsonSerializable(typeof(OrganizationLimitOverrides))]
[JsonSerializable(typeof(CreateOrganizationCommand))]
[JsonSerializable(typeof(UpdateOrganizationCommand))]
[JsonSerializable(typeof(OrganizationDeleted))]
public sealed partial class OrganizationsJsonContext : JsonSerializerContext;
