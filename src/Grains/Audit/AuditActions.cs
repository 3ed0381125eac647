namespace VetrAI.Grains.Audit;

/// <summary>The audit event names. Clients filter on them, so a name never changes once shipped.</summary>
internal static class AuditActions
{
    public const string LoginSucceeded = "auth.login_succeeded";
    public const string LoginFailed = "auth.login_failed";
    public const string Logout = "auth.logout";
    public const string RefreshTokenReused = "auth.refresh_token_reused";
    public const string MfaFailed = "auth.mfa_failed";
    public const string ReauthenticationFailed = "auth.reauthentication_failed";
    public const string LockedOut = "auth.locked_out";
    public const string SessionEnded = "auth.session_ended";
    public const string PasswordResetRequested = "user.password_reset_requested";
    public const string PasswordReset = "user.password_reset";
    public const string EmailVerificationSent = "user.email_verification_sent";
    public const string EmailVerified = "user.email_verified";
    public const string MfaEnabled = "user.mfa_enabled";
    public const string MfaDisabled = "user.mfa_disabled";
    public const string MfaRecoveryCodeUsed = "user.mfa_recovery_code_used";
    public const string UserRegistered = "user.registered";
    public const string UserCreated = "user.created";
    public const string UserInvitationAccepted = "user.invitation_accepted";
    public const string UserRolesChanged = "user.roles_changed";
    public const string UserUpdated = "user.updated";
    public const string UserPasswordChanged = "user.password_changed";
    public const string UserDeactivated = "user.deactivated";
    public const string UserReactivated = "user.reactivated";
    public const string UserDeleted = "user.deleted";
    public const string UserJoinedOrganization = "user.joined_organization";
    public const string SuperAdminBootstrapped = "user.super_admin_bootstrapped";
    public const string OrganizationCreated = "organization.created";
    public const string OrganizationUpdated = "organization.updated";
    public const string OrganizationDeleted = "organization.deleted";
}
