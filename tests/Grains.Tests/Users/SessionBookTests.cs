using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Users;

namespace VetrAI.Grains.Tests.Users;

public sealed class SessionBookTests
{
    private static readonly DateTimeOffset _now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly UserOptions _options = new() { MaxSessions = 3 };
    private static readonly UserState _user = new() { Id = "u1", Email = "a@b.co" };

    private static readonly VetrAI.Grains.Abstractions.Audit.ActorContext _client = new("u1", "req-1", "203.0.113.7", "TestAgent/1.0");

    private static SessionRequest Access(string id) => new(id, _now.AddMinutes(30));

    [Fact]
    public void An_opened_session_stores_only_the_hash_of_a_token_routed_to_the_user()
    {
        var (state, session, token) = SessionBook.Open(_user, Access("jti-1"), _client, _now, _options);

        Assert.True(TokenFormat.TryParse(token, out var userId, out var secret));
        Assert.Equal("u1", userId);
        Assert.Equal(TokenFormat.HashSecret(secret), session.CurrentTokenHash);
        Assert.DoesNotContain(secret, session.CurrentTokenHash, StringComparison.Ordinal);
        Assert.Equal(_now + _options.RefreshTokenLifetime, session.ExpiresAt);
        Assert.Single(state.Sessions);
    }

    [Fact]
    public void Rotation_moves_the_used_token_to_the_reuse_list()
    {
        var (state, session, first) = SessionBook.Open(_user, Access("jti-1"), _client, _now, _options);
        var (rotatedState, rotated, second) = SessionBook.Rotate(state, session, Access("jti-2"), _client, _now.AddMinutes(5), _options);

        var firstHash = TokenFormat.HashSecret(first.Split('.')[1]);
        var secondHash = TokenFormat.HashSecret(second.Split('.')[1]);
        Assert.Equal((rotated, (SessionState?)null), SessionBook.Find(rotatedState, secondHash));
        var (current, reused) = SessionBook.Find(rotatedState, firstHash);
        Assert.Null(current);
        Assert.Equal(session.Id, reused?.Id);
        Assert.Equal("jti-2", rotated.LastAccessTokenId);
    }

    [Fact]
    public void Revoking_a_session_also_revokes_its_newest_access_token_until_it_expires()
    {
        var (state, session, _) = SessionBook.Open(_user, Access("jti-1"), _client, _now, _options);
        var revoked = SessionBook.RevokeWhere(state, s => s.Id == session.Id, _now.AddMinutes(1));

        Assert.NotNull(revoked.Sessions.Single().RevokedAt);
        Assert.Equal(_now.AddMinutes(30), revoked.RevokedAccessTokens["jti-1"]);

        // Revocations past their token's expiry are dropped at the next change.
        var later = SessionBook.RevokeAccessToken(revoked, "jti-9", _now.AddHours(2), _now.AddHours(1));
        Assert.False(later.RevokedAccessTokens.ContainsKey("jti-1"));
        Assert.True(later.RevokedAccessTokens.ContainsKey("jti-9"));
    }

    [Fact]
    public void Signing_in_beyond_the_session_limit_revokes_the_oldest()
    {
        var state = _user;
        for (var i = 0; i < 4; i++)
        {
            (state, _, _) = SessionBook.Open(state, Access($"jti-{i}"), _client, _now.AddMinutes(i), _options);
        }

        Assert.Equal(4, state.Sessions.Count);
        Assert.Equal(3, state.Sessions.Count(s => s.RevokedAt is null));
        Assert.Equal("jti-0", state.Sessions.Single(s => s.RevokedAt is not null).LastAccessTokenId);
    }

    [Fact]
    public void Sessions_past_their_refresh_expiry_are_forgotten()
    {
        var (state, _, _) = SessionBook.Open(_user, Access("jti-1"), _client, _now, _options);
        var (later, _, _) = SessionBook.Open(state, Access("jti-2"), _client, _now + _options.RefreshTokenLifetime + TimeSpan.FromSeconds(1), _options);
        Assert.Equal(["jti-2"], later.Sessions.Select(s => s.LastAccessTokenId).ToArray());
    }
}
