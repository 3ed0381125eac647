using System.Text.Json.Serialization;

namespace VetrAI.Grains.Notifications;

[JsonSerializable(typeof(NotificationInboxState))]
[JsonSerializable(typeof(NotificationTemplatesState))]
internal sealed partial class NotificationsStateJsonContext : JsonSerializerContext;
