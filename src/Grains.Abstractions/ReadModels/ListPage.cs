namespace VetrAI.Grains.Abstractions.ReadModels;

/// <summary>A position in a list ordered newest first: the last item's creation time and id (the tie-breaker).</summary>
[GenerateSerializer, Immutable, Alias("vetrai.ListPosition")]
public sealed record ListPosition(DateTimeOffset CreatedAt, string Id);

/// <summary>Which page of a list: at most <paramref name="Limit"/> items after <paramref name="After"/> (from the newest when null).</summary>
[GenerateSerializer, Immutable, Alias("vetrai.PageQuery")]
public sealed record PageQuery(int Limit, ListPosition? After);

/// <summary>One page of a list and the position to continue from (null on the last page).</summary>
[GenerateSerializer, Immutable, Alias("vetrai.ListPage")]
public sealed record ListPage<T>(IReadOnlyList<T> Items, ListPosition? Next);

/// <summary>Filters of the ticket list. <paramref name="RequesterId"/> limits it to one requester's tickets (what a
/// customer sees); the others are the API's query parameters.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.TicketListFilter")]
public sealed record TicketListFilter(string? Status, string? Priority, string? AssigneeId, string? RequesterId);

/// <summary>One audit event as listed.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.AuditLogEntry")]
public sealed record AuditLogEntry(
    Guid Id,
    string? OrganizationId,
    string? ActorId,
    string Action,
    string? Target,
    string DetailsJson,
    string? RequestId,
    DateTimeOffset CreatedAt);
