using System.Text.Json.Serialization;

namespace VetrAI.Grains.Users;

[JsonSerializable(typeof(UserState))]
internal sealed partial class UsersStateJsonContext : JsonSerializerContext;
