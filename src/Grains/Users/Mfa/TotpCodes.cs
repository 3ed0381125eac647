using OtpNet;

namespace VetrAI.Grains.Users.Mfa;

/// <summary>TOTP (RFC 6238: SHA-1, 6 digits, 30 s) through Otp.NET, with the one rule it leaves to us: a code is
/// good once. Codes of the step before and after are accepted too (clock drift), but never a step at or before
/// the last one accepted.</summary>
internal static class TotpCodes
{
    public const int SecretBytes = 20;
    public const int Digits = 6;

    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(SecretBytes);

    public static string ToBase32(byte[] secret) => Base32Encoding.ToString(secret).TrimEnd('=');

    public static string OtpauthUri(byte[] secret, string issuer, string accountName)
        => new OtpUri(OtpType.Totp, ToBase32(secret), accountName, issuer, OtpHashMode.Sha1, Digits, 30).ToString();

    /// <summary>Whether <paramref name="code"/> looks like a TOTP code at all (6 ASCII digits).</summary>
    public static bool IsWellFormed(string? code) => code is { Length: Digits } && code.All(char.IsAsciiDigit);

    /// <summary>The time step the code matched, or null when it is wrong or was used already.</summary>
    public static long? Verify(byte[] secret, string code, DateTimeOffset now, long lastUsedStep)
    {
        if (!IsWellFormed(code))
        {
            return null;
        }

        var totp = new Totp(secret, step: 30, mode: OtpHashMode.Sha1, totpSize: Digits);
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, VerificationWindow.RfcSpecifiedNetworkDelay) && step > lastUsedStep
            ? step
            : null;
    }
}
