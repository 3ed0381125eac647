using System.Text.Json.Serialization;

namespace VetrAI.Grains.Audit;

[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class AuditStateJsonContext : JsonSerializerContext;
