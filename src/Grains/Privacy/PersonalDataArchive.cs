using System.Text.Json;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Notifications;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.ReadModels;
using VetrAI.Grains.Abstractions.Tickets;
using VetrAI.Grains.Abstractions.Users;
using VetrAI.Grains.Audit;
using VetrAI.Grains.Tickets;

namespace VetrAI.Grains.Privacy;

/// <summary>Writes the JSON archive of everything VetrAI holds about one user: profile, sessions, organization
/// membership, notifications and preferences, the audit entries about them, the tickets they requested (as they
/// see them) and every comment and attachment they added to any ticket. Streamed section by section, so no
/// section is held in memory whole.</summary>
internal sealed class PersonalDataArchive(IGrainFactory grains, AuditPersonalData audit, TicketsOfUser tickets, TimeProvider time)
{
    /// <summary>The archive's format, its first field; a later format gets a new number.</summary>
    public const string Format = "vetrai.personal-data-export/1";

    private const int NotificationPageSize = 200;
    private static readonly PrivacyJsonContext _json = PrivacyJsonContext.Default;

    /// <summary>Writes the archive of <paramref name="userId"/> to <paramref name="output"/>.</summary>
    /// <exception cref="NotFoundException">The user does not exist (any more).</exception>
    public async Task WriteAsync(string userId, Stream output, CancellationToken cancellationToken)
    {
        var export = await grains.GetGrain<IUserGrain>(userId).ExportAsync();
        var user = export.User;
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("format", Format);
        writer.WriteString("generated_at", time.GetUtcNow());

        writer.WritePropertyName("profile");
        JsonSerializer.Serialize(writer, ArchiveProfile.From(export), _json.ArchiveProfile);
        writer.WritePropertyName("sessions");
        JsonSerializer.Serialize(writer, export.Sessions, _json.IReadOnlyListExportedSession);
        writer.WritePropertyName("memberships");
        JsonSerializer.Serialize(writer, await MembershipsAsync(user), _json.IReadOnlyListArchiveMembership);

        await WriteNotificationsAsync(writer, userId, cancellationToken);

        writer.WriteStartArray("audit_log");
        await foreach (var entry in audit.ListAboutAsync(userId, EmailAddresses.Normalize(user.Email), cancellationToken))
        {
            JsonSerializer.Serialize(writer, ArchiveAuditEntry.From(entry), _json.ArchiveAuditEntry);
            await FlushIfFullAsync(writer, cancellationToken);
        }

        writer.WriteEndArray();
        await WriteTicketsAsync(writer, user, cancellationToken);
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<ArchiveMembership>> MembershipsAsync(UserInfo user)
    {
        if (user.OrganizationId is not { } organizationId)
        {
            return [];
        }

        string? name = null;
        try
        {
            name = (await grains.GetGrain<IOrganizationGrain>(organizationId).GetAsync()).Name;
        }
        catch (NotFoundException)
        {
            // The membership is on the user's record whatever became of the organization.
        }

        return [new ArchiveMembership(organizationId, name, user.Roles)];
    }

    private async Task WriteNotificationsAsync(Utf8JsonWriter writer, string userId, CancellationToken cancellationToken)
    {
        var inbox = grains.GetGrain<INotificationInboxGrain>(userId);
        writer.WriteStartObject("notifications");
        writer.WritePropertyName("preferences");
        JsonSerializer.Serialize(writer, await inbox.GetPreferencesAsync(), _json.NotificationPreferences);
        writer.WriteStartArray("items");
        string? after = null;
        do
        {
            var page = await inbox.ListAsync(unreadOnly: false, NotificationPageSize, after);
            foreach (var notification in page.Items)
            {
                JsonSerializer.Serialize(writer, notification, _json.NotificationView);
            }

            await FlushIfFullAsync(writer, cancellationToken);
            after = page.NextAfter;
        }
        while (after is not null);

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The tickets the user requested, as a customer sees them (no agents' internal notes), then every
    /// comment and attachment the user added anywhere, with the ticket it belongs to.</summary>
    private async Task WriteTicketsAsync(Utf8JsonWriter writer, UserInfo user, CancellationToken cancellationToken)
    {
        var comments = new List<ArchiveComment>();
        var attachments = new List<ArchiveAttachment>();
        writer.WriteStartArray("tickets");
        if (user.OrganizationId is { } organizationId)
        {
            var customer = new TicketActor(user.Id, organizationId, IsAgent: false);
            await foreach (var ticket in tickets.ListAsync(organizationId, user.Id, cancellationToken))
            {
                if (string.Equals(ticket.RequesterId, user.Id, StringComparison.Ordinal))
                {
                    JsonSerializer.Serialize(writer, TicketRules.View(ticket, customer), _json.TicketView);
                    await FlushIfFullAsync(writer, cancellationToken);
                }

                comments.AddRange(ticket.Comments
                    .Where(c => string.Equals(c.AuthorId, user.Id, StringComparison.Ordinal))
                    .Select(c => new ArchiveComment(ticket.Id, ticket.Subject, c.Id, c.Body, c.Internal, c.CreatedAt)));
                attachments.AddRange(ticket.Attachments
                    .Where(a => string.Equals(a.UploadedBy, user.Id, StringComparison.Ordinal))
                    .Select(a => new ArchiveAttachment(ticket.Id, a.Id, a.FileName, a.ContentType, a.Size, a.CreatedAt)));
            }
        }

        writer.WriteEndArray();
        writer.WritePropertyName("comments");
        JsonSerializer.Serialize(writer, comments, _json.IReadOnlyListArchiveComment);
        writer.WritePropertyName("attachments");
        JsonSerializer.Serialize(writer, attachments, _json.IReadOnlyListArchiveAttachment);
    }

    private static async Task FlushIfFullAsync(Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        if (writer.BytesPending > 64 * 1024)
        {
            await writer.FlushAsync(cancellationToken);
        }
    }
}

/// <summary>The user's profile in the archive.</summary>
internal sealed record ArchiveProfile(
    string Id, string Email, string FullName, IReadOnlyList<string> Roles, string? OrganizationId, bool Active, bool Invited,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool EmailVerified, bool MfaEnabled)
{
    public static ArchiveProfile From(UserExport export)
    {
        var user = export.User;
        return new(
            user.Id, user.Email, user.FullName, user.Roles, user.OrganizationId, user.Active, user.Invited, user.CreatedAt, export.UpdatedAt,
            user.EmailVerified, user.MfaEnabled);
    }
}

/// <summary>The user's membership of an organization, with the roles they hold in it.</summary>
internal sealed record ArchiveMembership(string OrganizationId, string? OrganizationName, IReadOnlyList<string> Roles);

/// <summary>An audit entry about the user; its details as the JSON object they are stored as.</summary>
internal sealed record ArchiveAuditEntry(
    Guid Id, string? OrganizationId, string? ActorId, string Action, string? Target, JsonElement Details, string? RequestId, DateTimeOffset CreatedAt)
{
    public static ArchiveAuditEntry From(AuditLogEntry entry)
    {
        using var details = JsonDocument.Parse(entry.DetailsJson);
        return new(entry.Id, entry.OrganizationId, entry.ActorId, entry.Action, entry.Target, details.RootElement.Clone(), entry.RequestId, entry.CreatedAt);
    }
}

/// <summary>A comment the user wrote, on whichever ticket.</summary>
internal sealed record ArchiveComment(string TicketId, string TicketSubject, string Id, string Body, bool Internal, DateTimeOffset CreatedAt);

/// <summary>A file the user attached to a ticket (its metadata; the bytes stay with the ticket).</summary>
internal sealed record ArchiveAttachment(string TicketId, string Id, string FileName, string ContentType, long Size, DateTimeOffset CreatedAt);
