using Npgsql;
using NpgsqlTypes;
using VetrAI.Grains.Abstractions.Jobs;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.ReadModels;
using VetrAI.Grains.Abstractions.Themes;
using VetrAI.Grains.Abstractions.Tickets;
using VetrAI.Grains.Abstractions.Users;
using VetrAI.Grains.Audit;
using VetrAI.Grains.Jobs;
using VetrAI.Grains.Organizations;
using VetrAI.Grains.Themes;
using VetrAI.Grains.Tickets;
using VetrAI.Grains.Users;

namespace VetrAI.Grains.ReadModels;

/// <summary>Serves every list from SQL: states are read back from the rows their grains wrote and turned into the
/// same views the grains answer with (the same mapping functions), so a list item equals a GET of that item.</summary>
[StatelessWorker]
internal sealed class ListingGrain(StateRows rows, NpgsqlDataSource dataSource) : Grain, IListingGrain
{
    private const string AuditSql = $"""
        SELECT {AuditRows.Columns}
        FROM audit_log
        WHERE org_id = $1
          AND ($2::text IS NULL OR action = $2)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4))
        ORDER BY created_at DESC, id DESC
        LIMIT $5
        """;

    public async Task<ListPage<UserInfo>> ListUsersAsync(string organizationId, string? status, PageQuery page)
    {
        var states = await rows.ListAsync<UserState>(UserGrain.StateName, organizationId, status, page);
        return Map(states, s => s.ToInfo());
    }

    public async Task<ListPage<OrganizationInfo>> ListOrganizationsAsync(PageQuery page)
    {
        var states = await rows.ListAsync<OrganizationState>(OrganizationGrain.StateName, tenantId: null, status: "active", page);
        return Map(states, s => s.ToInfo());
    }

    public async Task<ListPage<JobView>> ListJobsAsync(string organizationId, string? status, PageQuery page)
    {
        var states = await rows.ListAsync<JobState>(JobGrain.StateName, organizationId, status, page);
        return Map(states, s => s.ToView());
    }

    public async Task<ListPage<TicketView>> ListTicketsAsync(TicketActor actor, TicketListFilter filter, PageQuery page)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(filter);
        // A customer sees only the tickets they requested, whatever the filter asks.
        var requester = actor.IsAgent ? filter.RequesterId : actor.UserId;
        var states = await rows.ListAsync<TicketState>(
            TicketGrain.StateName, actor.OrganizationId, filter.Status, page, new JsonFilters(filter.Priority, filter.AssigneeId, requester));
        return Map(states, s => TicketRules.View(s, actor));
    }

    public async Task<ListPage<ThemeView>> ListThemesAsync(string organizationId, PageQuery page)
    {
        var states = await rows.ListAsync<ThemeState>(ThemeGrain.StateName, organizationId, "active", page);
        return Map(states, s => s.ToView());
    }

    public async Task<ListPage<AuditLogEntry>> ListAuditLogAsync(string organizationId, string? action, PageQuery page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var afterId = Guid.Empty;
        if (page.After is { } after && !Guid.TryParseExact(after.Id, "D", out afterId))
        {
            throw new Abstractions.Errors.InvalidInputException("cursor is not valid; pass the next_cursor of a previous page.");
        }

        await using var command = dataSource.CreateCommand(AuditSql);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = organizationId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)action ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = page.After is { } position ? position.CreatedAt : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = afterId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = page.Limit + 1 });

        var items = new List<AuditLogEntry>(page.Limit + 1);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            items.Add(AuditRows.Read(reader));
        }

        ListPosition? next = null;
        if (items.Count > page.Limit)
        {
            var last = items[page.Limit - 1];
            next = new ListPosition(last.CreatedAt, last.Id.ToString("D"));
            items.RemoveAt(page.Limit);
        }

        return new ListPage<AuditLogEntry>(items, next);
    }

    private static ListPage<TView> Map<TState, TView>(ListPage<TState> page, Func<TState, TView> view) =>
        new([.. page.Items.Select(view)], page.Next);
}
