using System.Text.Json;
using System.Text.Json.Serialization;
using VetrAI.Grains.Abstractions.Jobs;
using VetrAI.Grains.Jobs.UsageReport;
using VetrAI.Grains.Jobs.Webhook;

namespace VetrAI.Grains.Jobs;

/// <summary>The job records grains exchange and store, and the JSON the handlers produce (snake_case, as clients see it).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CreateJobCommand))]
[JsonSerializable(typeof(JobView))]
[JsonSerializable(typeof(JobAttemptTicket))]
[JsonSerializable(typeof(JobAttemptReport))]
[JsonSerializable(typeof(JobState))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(WebhookEnvelope))]
[JsonSerializable(typeof(WebhookResult))]
[JsonSerializable(typeof(UsageReportResult))]
internal sealed partial class JobsJsonContext : JsonSerializerContext;
