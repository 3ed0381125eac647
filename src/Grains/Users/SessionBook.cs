using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Auth;

namespace VetrAI.Grains.Users;

/// <summary>The session (refresh-token family) rules of a user, as pure functions over <see cref="UserState"/>:
/// the grain decides, this computes the next state.</summary>
internal static class SessionBook
{
    public static (UserState State, SessionState Session, string RefreshToken) Open(
        UserState state, SessionRequest request, ActorContext actor, DateTimeOffset now, UserOptions options)
    {
        var (token, hash) = TokenFormat.Create(state.Id);
        var session = new SessionState(
            Guid.NewGuid().ToString("N"),
            now,
            now + options.RefreshTokenLifetime,
            hash,
            [],
            null,
            request.AccessTokenId,
            request.AccessTokenExpiresAt,
            now,
            actor.ClientAddress,
            actor.UserAgent);
        var sessions = Prune(state.Sessions, now).Append(session).ToList();
        var revoked = new Dictionary<string, DateTimeOffset>(state.RevokedAccessTokens);
        while (sessions.Count(s => s.RevokedAt is null) > options.MaxSessions)
        {
            var oldest = sessions.Where(s => s.RevokedAt is null).MinBy(s => s.CreatedAt)!;
            sessions[sessions.IndexOf(oldest)] = Revoke(oldest, now, revoked);
        }

        return (state with { Sessions = sessions, RevokedAccessTokens = PruneRevoked(revoked, now) }, session, token);
    }

    /// <summary>Where a presented refresh-token hash is found: the session whose current token it is, or
    /// whose used tokens include it. Every stored hash is compared in constant time.</summary>
    public static (SessionState? Current, SessionState? Reused) Find(UserState state, string presentedHash)
    {
        SessionState? current = null;
        SessionState? reused = null;
        foreach (var session in state.Sessions)
        {
            if (TokenFormat.HashesEqual(session.CurrentTokenHash, presentedHash))
            {
                current = session;
            }

            foreach (var rotated in session.RotatedTokenHashes)
            {
                if (TokenFormat.HashesEqual(rotated, presentedHash))
                {
                    reused = session;
                }
            }
        }

        return (current, reused);
    }

    public static (UserState State, SessionState Session, string RefreshToken) Rotate(
        UserState state, SessionState session, SessionRequest request, ActorContext actor, DateTimeOffset now, UserOptions options)
    {
        var (token, hash) = TokenFormat.Create(state.Id);
        var rotated = session.RotatedTokenHashes.Append(session.CurrentTokenHash).TakeLast(options.MaxRotatedTokensPerSession).ToList();
        var next = session with
        {
            CurrentTokenHash = hash,
            RotatedTokenHashes = rotated,
            ExpiresAt = now + options.RefreshTokenLifetime,
            LastAccessTokenId = request.AccessTokenId,
            LastAccessTokenExpiresAt = request.AccessTokenExpiresAt,
            LastUsedAt = now,
            ClientAddress = actor.ClientAddress,
            UserAgent = actor.UserAgent,
        };
        return (Replace(state, session, next, now), next, token);
    }

    /// <summary>Revokes the sessions matching <paramref name="predicate"/> and the newest access token of each.</summary>
    public static UserState RevokeWhere(UserState state, Func<SessionState, bool> predicate, DateTimeOffset now)
    {
        var revoked = new Dictionary<string, DateTimeOffset>(state.RevokedAccessTokens);
        var sessions = state.Sessions
            .Select(s => s.RevokedAt is null && predicate(s) ? Revoke(s, now, revoked) : s)
            .ToList();
        return state with { Sessions = Prune(sessions, now), RevokedAccessTokens = PruneRevoked(revoked, now) };
    }

    /// <summary>The sessions that still work, newest use first.</summary>
    public static IReadOnlyList<SessionInfo> ListOpen(UserState state, DateTimeOffset now)
        => state.Sessions
            .Where(s => s.RevokedAt is null && s.ExpiresAt > now)
            .Select(s => new SessionInfo(s.Id, s.CreatedAt, s.LastUsedAt ?? s.CreatedAt, s.ClientAddress, s.UserAgent))
            .OrderByDescending(s => s.LastUsedAt)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();

    public static UserState RevokeAccessToken(UserState state, string accessTokenId, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var revoked = new Dictionary<string, DateTimeOffset>(state.RevokedAccessTokens) { [accessTokenId] = expiresAt };
        return state with { RevokedAccessTokens = PruneRevoked(revoked, now) };
    }

    private static SessionState Revoke(SessionState session, DateTimeOffset now, Dictionary<string, DateTimeOffset> revokedTokens)
    {
        if (session.LastAccessTokenExpiresAt > now)
        {
            revokedTokens[session.LastAccessTokenId] = session.LastAccessTokenExpiresAt;
        }

        return session with { RevokedAt = now };
    }

    private static UserState Replace(UserState state, SessionState old, SessionState next, DateTimeOffset now)
        => state with { Sessions = Prune(state.Sessions.Select(s => ReferenceEquals(s, old) ? next : s), now) };

    /// <summary>Drops sessions past their refresh expiry: their tokens can no longer be presented, and their
    /// access tokens (shorter-lived) have expired too.</summary>
    private static List<SessionState> Prune(IEnumerable<SessionState> sessions, DateTimeOffset now)
        => sessions.Where(s => s.ExpiresAt > now).ToList();

    private static Dictionary<string, DateTimeOffset> PruneRevoked(Dictionary<string, DateTimeOffset> revoked, DateTimeOffset now)
        => revoked.Where(r => r.Value > now).ToDictionary(r => r.Key, r => r.Value);
}
