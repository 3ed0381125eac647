using System.Text.Json.Serialization;

namespace VetrAI.Grains.Abstractions.Auth;

/// <summary>Source-generated JSON metadata for the records the auth grains exchange.</summary>
[JsonSerializable(typeof(SessionRequest))]
[JsonSerializable(typeof(IssuedSession))]
[JsonSerializable(typeof(SignInCommand))]
[JsonSerializable(typeof(SignInOutcome))]
[JsonSerializable(typeof(RefreshCommand))]
[JsonSerializable(typeof(LogoutCommand))]
[JsonSerializable(typeof(AccessGrant))]
[JsonSerializable(typeof(ChangePasswordCommand))]
[JsonSerializable(typeof(AcceptInvitationCommand))]
public sealed partial class AuthJsonContext : JsonSerializerContext;
