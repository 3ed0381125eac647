using VetrAI.Grains.Abstractions.Audit;

namespace VetrAI.Grains.Abstractions.Users;

/// <summary>What a user grain holds about its user, for the user's data export (never the password hash or tokens).</summary>
/// <param name="User">The profile, roles and organization.</param>
/// <param name="UpdatedAt">When the user last changed.</param>
/// <param name="Sessions">The user's sessions (refresh-token families) still on record.</param>
[GenerateSerializer, Immutable, Alias("vetrai.UserExport")]
public sealed record UserExport(UserInfo User, DateTimeOffset UpdatedAt, IReadOnlyList<ExportedSession> Sessions);

/// <summary>One session of a user, as exported.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.ExportedSession")]
public sealed record ExportedSession(
    string Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt,
    string? Ip,
    string? UserAgent);

/// <summary>Erases a user whose erasure was confirmed (password checked, organization rules passed) by the account
/// erasure workflow, which repeats this until it succeeds.</summary>
/// <param name="AnonymousId">The id that stands for the user in what is kept (audit trail, tickets).</param>
/// <param name="Actor">Who asked for it.</param>
[GenerateSerializer, Immutable, Alias("vetrai.EraseUserCommand")]
public sealed record EraseUserCommand(string AnonymousId, ActorContext Actor);

/// <summary>What <see cref="IUserGrain.EraseAsync"/> removed; null fields when the user was already erased.</summary>
/// <param name="AnonymousId">The anonymous id the erasure used.</param>
/// <param name="Erased">True when this call erased the user, false when nothing was left to erase.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ErasedUser")]
public sealed record ErasedUser(string AnonymousId, bool Erased);
