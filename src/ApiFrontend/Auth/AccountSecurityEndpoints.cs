using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using VetrAI.ApiFrontend.Hosting;
using VetrAI.ApiFrontend.OpenApi;
using VetrAI.ApiFrontend.Requests;
using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>API.md's "Account security": password reset, email verification, TOTP MFA and its sign-in step,
/// and the user's sessions.</summary>
internal static class AccountSecurityEndpoints
{
    public static IEndpointRouteBuilder MapAccountSecurityEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Account security");

        group.MapPost("/password-reset/request", RequestPasswordReset)
            .AllowAnonymous()
            .WithName("RequestPasswordReset")
            .WithSummary("Email a single-use password-reset link (valid 30 minutes). Always 202: the answer never tells whether the address has an account.");

        group.MapPost("/password-reset/confirm", ConfirmPasswordResetAsync)
            .AllowAnonymous()
            .WithName("ConfirmPasswordReset")
            .WithSummary("Set a new password with the token from the reset email; every session of the user ends.");

        group.MapPost("/verify-email/request", RequestEmailVerificationAsync)
            .RequireCaller()
            .ProducesErrors(StatusCodes.Status429TooManyRequests)
            .WithName("RequestEmailVerification")
            .WithSummary("Email a new single-use verification link (nothing is sent when the address is verified already). At most 3 links an hour, registration's included; beyond that 429 until the hour passes.");

        group.MapPost("/verify-email/confirm", ConfirmEmailVerificationAsync)
            .AllowAnonymous()
            .WithName("ConfirmEmailVerification")
            .WithSummary("Verify the address with the token from the verification email.");

        group.MapPost("/mfa/totp/setup", SetUpTotpAsync)
            .RequireCaller()
            .ProducesErrors(StatusCodes.Status409Conflict)
            .WithName("SetUpTotp")
            .WithSummary("Create a TOTP secret for an authenticator app; MFA is on only once enabled with a code.");

        group.MapPost("/mfa/totp/enable", EnableTotpAsync)
            .RequireCaller()
            .ProducesErrors(StatusCodes.Status409Conflict)
            .WithName("EnableTotp")
            .WithSummary("Turn MFA on with a current code; answers 10 single-use recovery codes, shown this once.");

        group.MapPost("/mfa/totp/disable", DisableTotpAsync)
            .RequireCaller()
            .ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status429TooManyRequests)
            .WithName("DisableTotp")
            .WithSummary("Turn MFA off with the password and a current code (or a recovery code). A wrong password or code counts toward the sign-in lockout, and while the account is locked the answer is 429.");

        group.MapPost("/login/mfa", CompleteMfaLoginAsync)
            .AllowAnonymous()
            .ProducesErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests)
            .WithName("LoginMfa")
            .WithSummary("The second sign-in step with MFA on: the mfa_token from /login and a TOTP code or a recovery code. Wrong codes count toward the lockout (429).");

        group.MapGet("/sessions", ListSessionsAsync)
            .RequireCaller()
            .WithName("ListSessions")
            .WithSummary("The signed-in user's open sessions (refresh-token families), the current one marked.");

        group.MapDelete("/sessions/{id}", EndSessionAsync)
            .RequireCaller()
            .WithName("EndSession")
            .WithSummary("End one session: its refresh token and access tokens stop working at once.");

        return routes;
    }

    private static Accepted RequestPasswordReset(
        ForgotPasswordRequest? request, IGrainFactory grains, IOptions<FrontendOptions> frontendOptions, HttpContext context)
    {
        var email = RequestValidator.RequireBody(request).Validate();

        // One way: the call returns once sent, before anything is looked up, so the answer and its timing are
        // the same for every address.
        _ = grains.GetSignInGrain(EmailAddresses.Normalize(email))
            .RequestPasswordResetAsync(new RequestPasswordResetCommand(frontendOptions.Value.EffectivePublicUrl, context.GetActor()));
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<NoContent> ConfirmPasswordResetAsync(ResetPasswordRequest? request, IGrainFactory grains, HttpContext context)
    {
        var (token, password) = RequestValidator.RequireBody(request).Validate();
        await UserOf(grains, token, "The password reset token is invalid, used or expired.")
            .ResetPasswordAsync(new ResetPasswordCommand(token, password, context.GetActor()));
        return TypedResults.NoContent();
    }

    private static async Task<Accepted> RequestEmailVerificationAsync(Caller caller, VerificationMailer mailer)
    {
        await mailer.SendAsync(caller.UserId, caller.Actor);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<NoContent> ConfirmEmailVerificationAsync(VerifyEmailRequest? request, IGrainFactory grains, HttpContext context)
    {
        var token = RequestValidator.RequireBody(request).Validate();
        await UserOf(grains, token, "The verification token is invalid, used or expired.")
            .VerifyEmailAsync(new VerifyEmailCommand(token, context.GetActor()));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TotpSetupResponse>> SetUpTotpAsync(Caller caller, IGrainFactory grains)
    {
        var setup = await grains.GetGrain<IUserGrain>(caller.UserId).SetUpTotpAsync(caller.Actor);
        return TypedResults.Ok(new TotpSetupResponse(setup.Secret, setup.OtpauthUri));
    }

    private static async Task<Ok<RecoveryCodesResponse>> EnableTotpAsync(EnableTotpRequest? request, Caller caller, IGrainFactory grains)
    {
        var code = RequestValidator.RequireBody(request).Validate();
        var codes = await grains.GetGrain<IUserGrain>(caller.UserId).EnableTotpAsync(new EnableTotpCommand(code, caller.Actor));
        return TypedResults.Ok(new RecoveryCodesResponse(codes));
    }

    private static async Task<NoContent> DisableTotpAsync(DisableTotpRequest? request, Caller caller, IGrainFactory grains)
    {
        var (password, code) = RequestValidator.RequireBody(request).Validate();
        await Reauthentication.ConfirmAsync(grains, caller, "password", password, code);
        await grains.GetGrain<IUserGrain>(caller.UserId).DisableTotpAsync(new DisableTotpCommand(password, code, caller.Actor));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TokenResponse>> CompleteMfaLoginAsync(
        MfaLoginRequest? request, IGrainFactory grains, TokenResponses tokenResponses, HttpContext context)
    {
        var (mfaToken, code, recoveryCode) = RequestValidator.RequireBody(request).Validate();
        if (!MfaTokens.TryGetEmail(mfaToken, out var email))
        {
            throw new InvalidInputException(InvalidMfaTokenMessage);
        }

        var sessionRequest = tokenResponses.NewSessionRequest();
        var outcome = await grains.GetSignInGrain(email)
            .CompleteMfaSignInAsync(new MfaSignInCommand(mfaToken, code, recoveryCode, sessionRequest, context.GetActor()));
        return outcome.Status switch
        {
            SignInStatus.Succeeded => TypedResults.Ok(tokenResponses.Create(outcome.Session!, sessionRequest)),
            SignInStatus.Throttled => throw AuthEndpoints.Throttled(outcome.RetryAfter),
            SignInStatus.Deactivated => throw new ForbiddenException("This account is deactivated."),
            SignInStatus.InvalidMfaToken => throw new InvalidInputException(InvalidMfaTokenMessage),
            _ => throw new UnauthenticatedException("The code is wrong or was used already."),
        };
    }

    private static async Task<Ok<SessionListResponse>> ListSessionsAsync(Caller caller, IGrainFactory grains)
    {
        var sessions = await grains.GetGrain<IUserGrain>(caller.UserId).ListSessionsAsync();
        return TypedResults.Ok(new SessionListResponse(sessions.Select(s => SessionResponse.From(s, caller.SessionId)).ToList()));
    }

    private static async Task<NoContent> EndSessionAsync(string id, Caller caller, IGrainFactory grains)
    {
        await grains.GetGrain<IUserGrain>(caller.UserId).EndSessionAsync(new EndSessionCommand(id, caller.Actor));
        return TypedResults.NoContent();
    }

    private const string InvalidMfaTokenMessage = "The MFA token is invalid, used or expired; sign in again.";

    /// <summary>The user grain a reset or verification token routes to; a token that is not one of ours is the
    /// same 400 as a wrong one.</summary>
    private static IUserGrain UserOf(IGrainFactory grains, string token, string invalidMessage)
        => TokenFormat.TryParse(token, out var userId, out _)
            ? grains.GetGrain<IUserGrain>(userId)
            : throw new InvalidInputException(invalidMessage);
}
