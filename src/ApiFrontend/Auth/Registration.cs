using VetrAI.ApiFrontend.Organizations;
using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>Self-registration across grains: reserve the email (the likeliest conflict, checked before anything
/// is created), create the organization when asked, add the user to it, create the user with a session.
/// A failure undoes what was done; what a crash leaves behind (a reserved email or slug of a user or
/// organization that never came to be) is taken over by the next request after a grace period.</summary>
internal sealed partial class Registration(
    IGrainFactory grainFactory,
    OrganizationCreation organizationCreation,
    TokenResponses tokenResponses,
    VerificationMailer verificationMailer,
    ILogger<Registration> logger)
{
    public async Task<TokenResponse> RegisterAsync(RegisterInput input, ActorContext actor)
    {
        var userId = Guid.CreateVersion7().ToString("N");
        var emailIndex = grainFactory.GetEmailIndexGrain(EmailAddresses.Normalize(input.Email));
        await emailIndex.ReserveAsync(userId);

        OrganizationInfo? organization = null;
        TokenResponse response;
        try
        {
            IReadOnlyList<string> roles = [Roles.User];
            if (input.OrganizationName is not null)
            {
                organization = await organizationCreation.CreateAsync(input.OrganizationName, null, OrganizationPlans.Free, actor);
                await grainFactory.GetGrain<IOrganizationGrain>(organization.Id).AddMemberAsync(userId);
                roles = [Roles.OrgAdmin];
            }

            var sessionRequest = tokenResponses.NewSessionRequest();
            var created = await grainFactory.GetGrain<IUserGrain>(userId).CreateAsync(new CreateUserCommand(
                input.Email, input.FullName, input.Password, roles, organization?.Id, true, sessionRequest, actor));
            response = tokenResponses.Create(created.Session!, sessionRequest);
        }
        catch
        {
            await UndoAsync(emailIndex, userId, organization, actor);
            throw;
        }

        // After the user exists for good: a failure here must not undo the registration.
        await verificationMailer.TrySendAsync(userId, actor);
        return response;
    }

    private async Task UndoAsync(IEmailIndexGrain emailIndex, string userId, OrganizationInfo? organization, ActorContext actor)
    {
        try
        {
            if (organization is not null)
            {
                await grainFactory.GetGrain<IOrganizationGrain>(organization.Id).DeleteAsync(actor);
            }

            await emailIndex.ReleaseAsync(userId);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The original failure is what the client must see; leftovers are reclaimed after the grace period.
            LogUndoFailed(logger, exception, userId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not undo the partial registration of user {UserId}")]
    private static partial void LogUndoFailed(ILogger logger, Exception exception, string userId);
}
