namespace VetrAI.Grains.Tickets;

/// <summary>Who may be assigned tickets: support agents and org admins of the ticket's organization.</summary>
internal interface ITicketAssignees
{
    /// <summary>Throws <c>InvalidInputException</c> unless the user is an active support_agent or org_admin of the organization.</summary>
    Task EnsureAssignableAsync(string organizationId, string userId);
}
