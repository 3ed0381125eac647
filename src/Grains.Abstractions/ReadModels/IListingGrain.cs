using VetrAI.Grains.Abstractions.Jobs;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.Themes;
using VetrAI.Grains.Abstractions.Tickets;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.Grains.Abstractions.ReadModels;

/// <summary>The lists the API serves, each page one indexed SQL query over the rows the owning grains wrote (never
/// a grain call per row). A stateless worker: any silo answers, with as many activations as calls need. Writes
/// always go through the grain that owns the entity; a list shows every write acknowledged before it ran.</summary>
[Alias("listing")]
public interface IListingGrain : IGrainWithIntegerKey
{
    /// <summary>Users of an organization, newest first, optionally only those with <paramref name="status"/>.</summary>
    Task<ListPage<UserInfo>> ListUsersAsync(string organizationId, string? status, PageQuery page);

    /// <summary>Organizations that are not deleted, newest first.</summary>
    Task<ListPage<OrganizationInfo>> ListOrganizationsAsync(PageQuery page);

    /// <summary>Jobs of an organization, newest first, optionally only those with <paramref name="status"/>.</summary>
    Task<ListPage<JobView>> ListJobsAsync(string organizationId, string? status, PageQuery page);

    /// <summary>Tickets of an organization as <paramref name="actor"/> may see them, newest first.</summary>
    Task<ListPage<TicketView>> ListTicketsAsync(TicketActor actor, TicketListFilter filter, PageQuery page);

    /// <summary>Themes of an organization that are not deleted, newest first.</summary>
    Task<ListPage<ThemeView>> ListThemesAsync(string organizationId, PageQuery page);

    /// <summary>The audit log of an organization, newest first, optionally only one action.</summary>
    Task<ListPage<AuditLogEntry>> ListAuditLogAsync(string organizationId, string? action, PageQuery page);
}
