using System.Text.Json.Serialization;

namespace VetrAI.Grains.Abstractions.Audit;

/// <summary>Source-generated JSON metadata for the audit records grains exchange.</summary>
[JsonSerializable(typeof(ActorContext))]
public sealed partial class AuditJsonContext : JsonSerializerContext;
