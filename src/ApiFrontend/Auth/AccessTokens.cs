using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VetrAI.Grains.Abstractions.Auth;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>Signs and checks access tokens: HS256 JWTs with <c>sub</c>, <c>org</c>, <c>roles</c>, <c>jti</c>,
/// <c>sid</c> (session) and <c>sv</c> (the user's security version). The signature and expiry are checked
/// here; whether the token was revoked is the user grain's answer (see <see cref="CallerResolver"/>).</summary>
internal sealed class AccessTokens
{
    public const string SessionClaim = "sid";
    public const string SecurityVersionClaim = "sv";
    public const string OrganizationClaim = "org";
    public const string RolesClaim = "roles";

    private readonly JwtOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials;
    private readonly TokenValidationParameters _validation;

    public AccessTokens(IOptions<JwtOptions> options, TimeProvider timeProvider)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        var key = new SymmetricSecurityKey(_options.SigningKey);
        _credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        _validation = new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Audience,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = _options.ClockSkew,
            RequireExpirationTime = true,
            LifetimeValidator = ValidateLifetime,
        };
    }

    public int LifetimeSeconds => (int)_options.AccessTokenLifetime.TotalSeconds;

    /// <summary>The id and expiry of the next access token, for the grain to record before it is signed.</summary>
    public SessionRequest NewSessionRequest()
        => new(Guid.NewGuid().ToString("N"), _timeProvider.GetUtcNow() + _options.AccessTokenLifetime);

    public string Sign(IssuedSession session, SessionRequest request)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = session.User.Id,
            [JwtRegisteredClaimNames.Jti] = request.AccessTokenId,
            [RolesClaim] = session.User.Roles.ToArray(),
            [SessionClaim] = session.SessionId,
            [SecurityVersionClaim] = session.SecurityVersion,
        };
        if (session.User.OrganizationId is { } organizationId)
        {
            claims[OrganizationClaim] = organizationId;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = request.AccessTokenExpiresAt.UtcDateTime,
            Claims = claims,
            SigningCredentials = _credentials,
        });
    }

    /// <summary>The token's identity when its signature, issuer, audience and lifetime are good; else null.</summary>
    public async ValueTask<ValidatedAccessToken?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _validation);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return null;
        }

        if (string.IsNullOrEmpty(jwt.Subject)
            || string.IsNullOrEmpty(jwt.Id)
            || !jwt.TryGetPayloadValue<long>(SecurityVersionClaim, out var securityVersion))
        {
            return null;
        }

        jwt.TryGetPayloadValue<string>(SessionClaim, out var sessionId);
        return new ValidatedAccessToken(jwt.Subject, jwt.Id, sessionId, securityVersion, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
    }

    /// <summary>Checks lifetime against the injected clock (tests move time), not the machine's.</summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        return expires is { } exp
            && exp.ToUniversalTime() + _options.ClockSkew > now
            && (notBefore is not { } nbf || nbf.ToUniversalTime() - _options.ClockSkew <= now);
    }
}

/// <summary>What a valid access token says.</summary>
internal sealed record ValidatedAccessToken(string UserId, string TokenId, string? SessionId, long SecurityVersion, DateTimeOffset ExpiresAt);
