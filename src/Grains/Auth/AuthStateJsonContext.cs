using System.Text.Json.Serialization;

namespace VetrAI.Grains.Auth;

[JsonSerializable(typeof(EmailIndexState))]
[JsonSerializable(typeof(SignInState))]
internal sealed partial class AuthStateJsonContext : JsonSerializerContext;
