using Microsoft.Extensions.Options;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>How access tokens are signed and for how long they are good.</summary>
public sealed class JwtOptions
{
    /// <summary>The HS256 key, at least 32 bytes: from <c>VETRAI_JWT_SIGNING_KEY</c> (base64, or else its UTF-8
    /// bytes), or generated once and kept in <c>$VETRAI_DATA_DIR/jwt-signing.key</c>. Every front end of a
    /// cluster must share it, so clusters set the variable.</summary>
    public byte[] SigningKey { get; set; } = [];

    /// <summary>The <c>iss</c> claim written and required.</summary>
    public string Issuer { get; set; } = "vetrai";

    /// <summary>The <c>aud</c> claim written and required.</summary>
    public string Audience { get; set; } = "vetrai-api";

    /// <summary>How long an access token is good.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Tolerated clock difference between front ends.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}

internal sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    public const int MinKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, JwtOptions options)
        => options.SigningKey.Length >= MinKeyBytes
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"VETRAI_JWT_SIGNING_KEY must be at least {MinKeyBytes} bytes (256 bits), as base64 or text; unset it to use a generated key.");
}
