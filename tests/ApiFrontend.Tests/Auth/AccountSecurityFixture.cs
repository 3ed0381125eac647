using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.ApiFrontend.Hosting;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.TestSupport;

namespace VetrAI.ApiFrontend.Tests.Auth;

/// <summary>The end-to-end harness with a clock the tests can move (token expiry, lockout windows, TOTP steps),
/// API keys only for verified addresses, and the emails' tokens read from maildev.</summary>
public sealed partial class AccountSecurityFixture : ApiFixture
{
    public const string ResetSubject = "Reset your VetrAI password";
    public const string VerifySubject = "Verify your email address";
    public const string LockoutSubject = "Sign-in to VetrAI paused after failed attempts";

    public ShiftedClock Clock { get; } = new();

    protected override void Configure(TestFrontendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Settings[VetrAISettings.RequireVerifiedEmailForApiKeys] = "true";
        options.Settings["VETRAI_MFA_ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        options.ConfigureServices = services => services.AddSingleton<TimeProvider>(Clock);
    }

    /// <summary>The token of the one email <paramref name="subject"/> to <paramref name="recipient"/>.</summary>
    public static async Task<string> TokenFromEmailAsync(string recipient, string subject)
        => Assert.Single(await TokensFromEmailsAsync(recipient, subject, 1));

    /// <summary>The tokens of the emails <paramref name="subject"/> to <paramref name="recipient"/>, once
    /// <paramref name="count"/> of them have arrived (in no particular order: deliveries run side by side).</summary>
    public static async Task<IReadOnlyList<string>> TokensFromEmailsAsync(string recipient, string subject, int count)
    {
        var emails = await MailDev.WaitForEmailsAsync(recipient, subject, count);
        return emails.Select(email =>
        {
            var match = TokenInLink().Match(email.Text);
            Assert.True(match.Success, $"no link with a token in: {email.Text}");
            return Uri.UnescapeDataString(match.Groups[1].Value);
        }).ToList();
    }

    /// <summary>Signs in a user with MFA on: the first step's body (mfa_token, no tokens).</summary>
    public async Task<string> MfaTokenAsync(string email, string password = DefaultPassword)
    {
        using var response = await Client.PostJsonAsync("/api/v1/login", new { Email = email, Password = password });
        var body = await response.ReadJsonAsync();
        Assert.True(body.GetProperty("mfa_required").GetBoolean());
        Assert.False(body.TryGetProperty("access_token", out _), "no tokens before the second step");
        return body.GetString("mfa_token");
    }

    /// <summary>Turns MFA on for <paramref name="session"/>'s user; returns the secret and the recovery codes.</summary>
    public async Task<(string Secret, string[] RecoveryCodes)> EnableMfaAsync(TestSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        using var setup = await session.Client.PostAsync("/api/v1/mfa/totp/setup", null);
        var secret = (await setup.ReadJsonAsync()).GetString("secret");
        using var enable = await session.Client.PostJsonAsync("/api/v1/mfa/totp/enable", new { Code = Totp.Code(secret, Clock.GetUtcNow()) });
        return (secret, (await enable.ReadJsonAsync()).GetStrings("recovery_codes"));
    }

    /// <summary>Moves the clock to the start of the next 30-second TOTP step, so the next code is a new one.</summary>
    public void NextTotpStep()
    {
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        Clock.Advance(TimeSpan.FromSeconds(30 - (now % 30)));
    }

    /// <summary>Moves to the next TOTP step (<see cref="NextTotpStep"/>) and answers its code, never used yet, and a
    /// code that is not it.</summary>
    public (string Right, string Wrong) FreshCodes(string secret)
    {
        NextTotpStep();
        var right = Totp.Code(secret, Clock.GetUtcNow());
        return (right, right == "000000" ? "000001" : "000000");
    }

    public static async Task<HttpStatusCode> StatusAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        return response.StatusCode;
    }

    [GeneratedRegex(@"\?token=([^\s)]+)")]
    private static partial Regex TokenInLink();
}

/// <summary>RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s), written here from the RFC so the tests check VetrAI's codes
/// against an implementation that is not the one VetrAI uses.</summary>
public static class Totp
{
    public static string Code(string base32Secret, DateTimeOffset at)
    {
        var key = Base32Decode(base32Secret);
        var counter = at.ToUnixTimeSeconds() / 30;
        var message = new byte[8];
        for (var i = 7; i >= 0; i--)
        {
            message[i] = (byte)(counter & 0xff);
            counter >>= 8;
        }

        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32Decode(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
