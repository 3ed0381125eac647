using Npgsql;
using VetrAI.Grains.Abstractions.ReadModels;

namespace VetrAI.Grains.Audit;

/// <summary>How an <c>audit_log</c> row is read back: the columns to select, in this order, and the entry they make.</summary>
internal static class AuditRows
{
    public const string Columns = "id, org_id, actor_id, action, target, details::text, request_id, created_at";

    public static AuditLogEntry Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.IsDBNull(1) ? null : reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetFieldValue<DateTimeOffset>(7));
}
