namespace VetrAI.Grains.Users;

/// <summary>Lifetimes and bounds of user sessions, invitations and emailed tokens.</summary>
internal sealed class UserOptions
{
    /// <summary>A refresh token works this long after it was issued.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>An invitation can be accepted this long after it was sent.</summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A password-reset link works this long after it was sent.</summary>
    public TimeSpan PasswordResetLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>An email-verification link works this long after it was sent.</summary>
    public TimeSpan EmailVerificationLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Verification emails sent to one user per <see cref="EmailVerificationWindow"/> (registration's
    /// included); more requests are refused (429) and send nothing, so a session cannot flood a mailbox.</summary>
    public int MaxEmailVerificationEmails { get; set; } = 3;

    public TimeSpan EmailVerificationWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most sessions kept per user; signing in beyond it revokes the oldest.</summary>
    public int MaxSessions { get; set; } = 50;

    /// <summary>Most used refresh-token hashes kept per session for reuse detection.</summary>
    public int MaxRotatedTokensPerSession { get; set; } = 100;
}
