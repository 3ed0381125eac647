using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.Grains.Tickets;

/// <summary>Asks the user grain: an assignee must be an active support_agent or org_admin of the organization.</summary>
internal sealed class UserGrainTicketAssignees(IGrainFactory grains) : ITicketAssignees
{
    public async Task EnsureAssignableAsync(string organizationId, string userId)
    {
        UserInfo user;
        try
        {
            user = await grains.GetGrain<IUserGrain>(userId).GetAsync();
        }
        catch (NotFoundException)
        {
            throw NotAssignable(userId);
        }

        if (!user.Active || user.OrganizationId != organizationId || !user.Roles.Any(r => r is Roles.SupportAgent or Roles.OrgAdmin))
        {
            throw NotAssignable(userId);
        }
    }

    // One message whatever the reason, so the check reveals nothing about users of other organizations.
    private static InvalidInputException NotAssignable(string userId) =>
        new($"assignee_id '{userId}' is not a support agent or org admin of this organization.");
}
