using System.Text.Json;
using VetrAI.Grains.Abstractions.ReadModels;

namespace VetrAI.ApiFrontend.Audit;

/// <summary>One audit event on the wire.</summary>
public sealed record AuditLogEntryResponse(
    string Id,
    string? OrganizationId,
    string? ActorId,
    string Action,
    string? Target,
    JsonElement Details,
    string? RequestId,
    DateTimeOffset CreatedAt)
{
    /// <summary>The response for an entry of the read model.</summary>
    public static AuditLogEntryResponse From(AuditLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var details = JsonDocument.Parse(entry.DetailsJson);
        return new(
            entry.Id.ToString("D"),
            entry.OrganizationId,
            entry.ActorId,
            entry.Action,
            entry.Target,
            details.RootElement.Clone(),
            entry.RequestId,
            entry.CreatedAt);
    }
}
