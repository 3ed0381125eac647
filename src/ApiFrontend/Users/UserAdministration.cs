using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Users;

/// <summary>Creating and deleting users across grains (email index, organization membership, user), undoing
/// the steps already taken when a later one fails. The user grain itself never calls other grains, so these
/// workflows cannot deadlock with an organization deleting its members.</summary>
internal sealed partial class UserAdministration(IGrainFactory grainFactory, InvitationMailer mailer, ILogger<UserAdministration> logger)
{
    public async Task<UserInfo> CreateAsync(CreateUserRequest input, string organizationId, ActorContext actor, CancellationToken cancellationToken)
    {
        var organizationGrain = grainFactory.GetGrain<IOrganizationGrain>(organizationId);
        var organization = await organizationGrain.GetAsync();
        if (organization.Deleted)
        {
            throw new NotFoundException("Organization not found.");
        }

        var userId = Guid.CreateVersion7().ToString("N");
        var emailIndex = grainFactory.GetEmailIndexGrain(EmailAddresses.Normalize(input.Email!));
        await emailIndex.ReserveAsync(userId);
        CreatedUser created;
        try
        {
            await organizationGrain.AddMemberAsync(userId);
            created = await grainFactory.GetGrain<IUserGrain>(userId).CreateAsync(new CreateUserCommand(
                input.Email!, input.FullName!, input.Password, input.Roles!, organizationId, false, null, actor));
        }
        catch
        {
            await UndoAsync(organizationGrain, emailIndex, userId);
            throw;
        }

        if (created.InvitationToken is { } token)
        {
            await mailer.QueueAsync(created.User.Id, organizationId, token, created.InvitationExpiresAt!.Value);
        }

        return created.User;
    }

    public async Task DeleteAsync(string userId, ActorContext actor)
    {
        var deleted = await grainFactory.GetGrain<IUserGrain>(userId).DeleteAsync(actor);
        if (deleted.OrganizationId is not null)
        {
            await grainFactory.GetGrain<IOrganizationGrain>(deleted.OrganizationId).RemoveMemberAsync(userId);
        }

        await grainFactory.GetEmailIndexGrain(deleted.NormalizedEmail).ReleaseAsync(userId);
    }

    private async Task UndoAsync(IOrganizationGrain organization, IEmailIndexGrain emailIndex, string userId)
    {
        try
        {
            await organization.RemoveMemberAsync(userId);
            await emailIndex.ReleaseAsync(userId);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The original failure is what the client must see; the reservation is reclaimed after its grace period.
            LogUndoFailed(logger, exception, userId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not undo the partial creation of user {UserId}")]
    private static partial void LogUndoFailed(ILogger logger, Exception exception, string userId);
}
