using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Auth;

/// <summary><c>POST /password-reset/request</c>.</summary>
public sealed record ForgotPasswordRequest(string? Email)
{
    /// <summary>The checked address, or a 400 (only for a malformed one: a well-formed unknown one is accepted).</summary>
    public string Validate()
    {
        var v = new RequestValidator();
        var email = v.Required(Email, "email");
        if (email.Length > 0)
        {
            v.Check(EmailAddresses.IsValid(email), "email is not a valid email address.");
        }

        v.ThrowIfInvalid();
        return email;
    }
}

/// <summary><c>POST /password-reset/confirm</c>.</summary>
public sealed record ResetPasswordRequest(string? Token, string? NewPassword)
{
    /// <summary>The checked input, or a 400.</summary>
    public (string Token, string NewPassword) Validate()
    {
        var v = new RequestValidator();
        var token = v.Required(Token, "token");
        var password = v.Required(NewPassword, "new_password");
        if (password.Length > 0)
        {
            v.Add(PasswordPolicy.Check(password, null, "new_password"));
        }

        v.ThrowIfInvalid();
        return (token, password);
    }
}

/// <summary><c>POST /verify-email/confirm</c>.</summary>
public sealed record VerifyEmailRequest(string? Token)
{
    /// <summary>The checked token, or a 400.</summary>
    public string Validate()
    {
        var v = new RequestValidator();
        var token = v.Required(Token, "token");
        v.ThrowIfInvalid();
        return token;
    }
}

/// <summary><c>POST /mfa/totp/enable</c>.</summary>
public sealed record EnableTotpRequest(string? Code)
{
    /// <summary>The checked code, or a 400.</summary>
    public string Validate()
    {
        var v = new RequestValidator();
        var code = v.Required(Code, "code");
        v.ThrowIfInvalid();
        return code.Trim();
    }
}

/// <summary><c>POST /mfa/totp/disable</c>: the password and a current code or a recovery code.</summary>
public sealed record DisableTotpRequest(string? Password, string? Code)
{
    /// <summary>The checked input, or a 400.</summary>
    public (string Password, string Code) Validate()
    {
        var v = new RequestValidator();
        var password = v.Required(Password, "password");
        var code = v.Required(Code, "code");
        v.ThrowIfInvalid();
        return (password, code.Trim());
    }
}

/// <summary><c>POST /login/mfa</c>: the MFA token of the first step and either a TOTP code or a recovery code.</summary>
public sealed record MfaLoginRequest(string? MfaToken, string? Code, string? RecoveryCode)
{
    /// <summary>The checked input, or a 400.</summary>
    public (string MfaToken, string? Code, string? RecoveryCode) Validate()
    {
        var v = new RequestValidator();
        var token = v.Required(MfaToken, "mfa_token");
        var code = string.IsNullOrWhiteSpace(Code) ? null : Code.Trim();
        var recoveryCode = string.IsNullOrWhiteSpace(RecoveryCode) ? null : RecoveryCode.Trim();
        v.Check((code is null) != (recoveryCode is null), "Give exactly one of code and recovery_code.");
        v.Check(code is null || code.Length <= 16, "code must be the 6 digits of your authenticator.");
        v.Check(recoveryCode is null || recoveryCode.Length <= 64, "recovery_code is too long.");
        v.ThrowIfInvalid();
        return (token, code, recoveryCode);
    }
}
