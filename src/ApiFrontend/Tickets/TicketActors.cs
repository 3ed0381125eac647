using VetrAI.ApiFrontend.Auth;
using VetrAI.Grains.Abstractions.Tickets;
using RoleNames = VetrAI.Grains.Abstractions.Auth.Roles;

namespace VetrAI.ApiFrontend.Tickets;

internal static class TicketActors
{
    /// <summary>The caller as the ticket grains see them: support agents, org admins and super admins act as
    /// agents of the organization the request resolves to; everyone else as a requester.</summary>
    public static TicketActor For(Caller caller, string? requestedOrganization = null) => new(
        caller.UserId,
        caller.ResolveOrganizationId(requestedOrganization),
        caller.IsSuperAdmin || caller.HasRole(RoleNames.SupportAgent) || caller.HasRole(RoleNames.OrgAdmin));
}
