using System.Text.Json.Serialization;

namespace VetrAI.Grains.Abstractions.Users;

/// <summary>Source-generated JSON metadata for the records user grains exchange.</summary>
[JsonSerializable(typeof(UserInfo))]
[JsonSerializable(typeof(CreateUserCommand))]
[JsonSerializable(typeof(CreatedUser))]
[JsonSerializable(typeof(UpdateUserCommand))]
[JsonSerializable(typeof(JoinOrganizationCommand))]
[JsonSerializable(typeof(EnsureSuperAdminCommand))]
[JsonSerializable(typeof(DeletedUser))]
public sealed partial class UsersJsonContext : JsonSerializerContext;
