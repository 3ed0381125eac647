using Microsoft.AspNetCore.Http.HttpResults;
using VetrAI.ApiFrontend.OpenApi;
using VetrAI.ApiFrontend.Requests;
using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>Register, sign in, refresh, sign out, who am I, change password, accept an invitation.</summary>
internal static class AuthEndpoints
{
    public const string InvalidCredentialsMessage = "Invalid email or password.";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Auth");

        group.MapPost("/register", RegisterAsync)
            .AllowAnonymous()
            .WithName("Register")
            .WithSummary("Create an account (and optionally an organization the user administers); signs the user in.");

        group.MapPost("/login", LoginAsync)
            .AllowAnonymous()
            .ProducesErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests)
            .ProducesOneOf(StatusCodes.Status200OK, typeof(TokenResponse), typeof(MfaChallengeResponse))
            .WithName("Login")
            .WithSummary("Sign in with email and password. With MFA on, answers an mfa_token for POST /login/mfa instead of tokens. After 5 failures (passwords or MFA codes) in 15 minutes the account is locked (429) until the window passes.");

        group.MapPost("/refresh", RefreshAsync)
            .AllowAnonymous()
            .ProducesErrors(StatusCodes.Status401Unauthorized)
            .WithName("Refresh")
            .WithSummary("Exchange a refresh token for a new token pair; reusing a spent refresh token revokes its session.");

        group.MapPost("/logout", LogoutAsync)
            .RequireCaller()
            .WithName("Logout")
            .WithSummary("End the session: the access token and the session's refresh tokens stop working at once.");

        group.MapGet("/me", GetMeAsync)
            .RequireCaller()
            .WithName("GetMe")
            .WithSummary("The signed-in user.");

        group.MapPost("/change-password", ChangePasswordAsync)
            .RequireCaller()
            .ProducesErrors(StatusCodes.Status429TooManyRequests)
            .WithName("ChangePassword")
            .WithSummary("Change the password; every other session is signed out. A wrong current_password counts toward the sign-in lockout, and while the account is locked the answer is 429.");

        group.MapPost("/invitations/accept", AcceptInvitationAsync)
            .AllowAnonymous()
            .ProducesErrors(StatusCodes.Status401Unauthorized)
            .WithName("AcceptInvitation")
            .WithSummary("Set the first password of an invited user (token from the invitation email); signs the user in.");

        return routes;
    }

    private static async Task<Created<TokenResponse>> RegisterAsync(RegisterRequest? request, Registration registration, HttpContext context)
    {
        var input = RequestValidator.RequireBody(request).Validate();
        var response = await registration.RegisterAsync(input, context.GetActor());
        return TypedResults.Created("/api/v1/me", response);
    }

    private static async Task<Results<Ok<TokenResponse>, Ok<MfaChallengeResponse>>> LoginAsync(
        LoginRequest? request, IGrainFactory grainFactory, TokenResponses tokenResponses, TimeProvider time, HttpContext context)
    {
        var (email, password) = RequestValidator.RequireBody(request).Validate();
        var sessionRequest = tokenResponses.NewSessionRequest();
        var outcome = await grainFactory.GetSignInGrain(EmailAddresses.Normalize(email))
            .SignInAsync(new SignInCommand(password, sessionRequest, context.GetActor()));
        return outcome.Status switch
        {
            SignInStatus.Succeeded => TypedResults.Ok(tokenResponses.Create(outcome.Session!, sessionRequest)),
            SignInStatus.MfaRequired => TypedResults.Ok(new MfaChallengeResponse(
                true, outcome.MfaToken!, (int)Math.Ceiling((outcome.MfaTokenExpiresAt!.Value - time.GetUtcNow()).TotalSeconds))),
            SignInStatus.Throttled => throw Throttled(outcome.RetryAfter),
            SignInStatus.Deactivated => throw new ForbiddenException("This account is deactivated."),
            _ => throw new UnauthenticatedException(InvalidCredentialsMessage),
        };
    }

    /// <summary>The 429 of a locked sign-in gate (at sign-in or re-authentication), with its <c>Retry-After</c>.</summary>
    public static TooManyRequestsException Throttled(TimeSpan? retryAfter)
        => new("Too many failed password or code attempts for this account; try again later.", retryAfter ?? TooManyRequestsException.DefaultRetryAfter);

    private static async Task<Ok<TokenResponse>> RefreshAsync(
        RefreshRequest? request, IGrainFactory grainFactory, TokenResponses tokenResponses, HttpContext context)
    {
        var token = RequestValidator.RequireBody(request).Validate();
        if (!TokenFormat.TryParse(token, out var userId, out _))
        {
            throw new UnauthenticatedException("Invalid or expired refresh token.");
        }

        var sessionRequest = tokenResponses.NewSessionRequest();
        var session = await grainFactory.GetGrain<IUserGrain>(userId)
            .RefreshAsync(new RefreshCommand(token, sessionRequest, context.GetActor()));
        return TypedResults.Ok(tokenResponses.Create(session, sessionRequest));
    }

    private static async Task<NoContent> LogoutAsync(LogoutRequest? request, Caller caller, IGrainFactory grainFactory)
    {
        await grainFactory.GetGrain<IUserGrain>(caller.UserId).LogoutAsync(new LogoutCommand(
            caller.TokenId, caller.TokenExpiresAt, caller.SessionId, request?.RefreshToken, caller.Actor));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MeResponse>> GetMeAsync(Caller caller, IGrainFactory grainFactory)
        => TypedResults.Ok(MeResponse.From(await grainFactory.GetGrain<IUserGrain>(caller.UserId).GetAsync()));

    private static async Task<NoContent> ChangePasswordAsync(ChangePasswordRequest? request, Caller caller, IGrainFactory grainFactory)
    {
        var (current, next) = RequestValidator.RequireBody(request).Validate();
        await Reauthentication.ConfirmAsync(grainFactory, caller, "current_password", current);
        await grainFactory.GetGrain<IUserGrain>(caller.UserId)
            .ChangePasswordAsync(new ChangePasswordCommand(current, next, caller.SessionId, caller.Actor));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TokenResponse>> AcceptInvitationAsync(
        AcceptInvitationRequest? request, IGrainFactory grainFactory, TokenResponses tokenResponses, HttpContext context)
    {
        var (token, password) = RequestValidator.RequireBody(request).Validate();
        if (!TokenFormat.TryParse(token, out var userId, out _))
        {
            throw new UnauthenticatedException("The invitation token is invalid or has expired.");
        }

        var sessionRequest = tokenResponses.NewSessionRequest();
        var session = await grainFactory.GetGrain<IUserGrain>(userId)
            .AcceptInvitationAsync(new AcceptInvitationCommand(token, password, sessionRequest, context.GetActor()));
        return TypedResults.Ok(tokenResponses.Create(session, sessionRequest));
    }
}
