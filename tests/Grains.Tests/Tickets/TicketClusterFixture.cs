using Microsoft.Extensions.DependencyInjection;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Tests.Hosting;
using VetrAI.Grains.Tickets;

namespace VetrAI.Grains.Tests.Tickets;

/// <summary>A cluster for the ticket grain tests, whose only assignable staff member is <see cref="Staff"/>.</summary>
public sealed class TicketClusterFixture() : GrainClusterFixture("tickets")
{
    internal const string Staff = "u-agent";

    private protected override void Configure(ISiloBuilder silo) =>
        silo.Services.AddSingleton<ITicketAssignees>(new StaffList(Staff));

    /// <summary>Stands in for the user grains the production check asks.</summary>
    private sealed class StaffList(params string[] staff) : ITicketAssignees
    {
        public Task EnsureAssignableAsync(string organizationId, string userId) =>
            staff.Contains(userId)
                ? Task.CompletedTask
                : throw new InvalidInputException($"assignee_id '{userId}' is not a support agent or org admin of this organization.");
    }
}
