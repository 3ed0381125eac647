using System.Text.Json.Serialization;
using VetrAI.Grains.Abstractions.Notifications;
using VetrAI.Grains.Abstractions.Tickets;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.Grains.Privacy;

/// <summary>The JSON the GDPR features write for clients (the archive, the export job's result), snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ArchiveProfile))]
[JsonSerializable(typeof(IReadOnlyList<ExportedSession>))]
[JsonSerializable(typeof(IReadOnlyList<ArchiveMembership>))]
[JsonSerializable(typeof(NotificationPreferences))]
[JsonSerializable(typeof(NotificationView))]
[JsonSerializable(typeof(ArchiveAuditEntry))]
[JsonSerializable(typeof(TicketView))]
[JsonSerializable(typeof(IReadOnlyList<ArchiveComment>))]
[JsonSerializable(typeof(IReadOnlyList<ArchiveAttachment>))]
[JsonSerializable(typeof(UserExportResult))]
internal sealed partial class PrivacyJsonContext : JsonSerializerContext;

/// <summary>The stored state of the GDPR grains.</summary>
[JsonSerializable(typeof(PersonalDataExportState))]
[JsonSerializable(typeof(AccountErasureState))]
internal sealed partial class PrivacyStateJsonContext : JsonSerializerContext;
