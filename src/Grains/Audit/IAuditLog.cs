using VetrAI.Grains.Abstractions.Audit;

namespace VetrAI.Grains.Audit;

/// <summary>Records security-relevant events in the <c>audit_log</c> table. Grains call it after their state
/// change is written; a failure to record is logged and never fails the command that was already done.</summary>
internal interface IAuditLog
{
    /// <summary>Appends one event.</summary>
    Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default);
}

/// <summary>One audit event.</summary>
/// <param name="OrganizationId">The organization it belongs to (whose admins can read it), or null for platform-level events.</param>
/// <param name="Action">What happened, one of <see cref="AuditActions"/>.</param>
/// <param name="Target">What it happened to, e.g. <c>user:&lt;id&gt;</c> or an email address.</param>
/// <param name="Actor">Who did it, in which request.</param>
/// <param name="Details">Extra facts (never secrets).</param>
internal sealed record AuditEntry(
    string? OrganizationId,
    string Action,
    string? Target,
    ActorContext Actor,
    IReadOnlyDictionary<string, string?>? Details = null);
