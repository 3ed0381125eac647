using System.Text.Json.Serialization;
using VetrAI.Grains.Abstractions.Tickets;

namespace VetrAI.Grains.Tickets;

/// <summary>The ticket records grains exchange and store.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TicketActor))]
[JsonSerializable(typeof(OpenTicketCommand))]
[JsonSerializable(typeof(UpdateTicketCommand))]
[JsonSerializable(typeof(AddCommentCommand))]
[JsonSerializable(typeof(AddAttachmentCommand))]
[JsonSerializable(typeof(TicketView))]
[JsonSerializable(typeof(TicketComment))]
[JsonSerializable(typeof(TicketAttachment))]
[JsonSerializable(typeof(SlaPolicy))]
[JsonSerializable(typeof(TicketState))]
[JsonSerializable(typeof(SlaPolicyState))]
[JsonSerializable(typeof(string))]
internal sealed partial class TicketsJsonContext : JsonSerializerContext;
