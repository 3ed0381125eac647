using System.Text.Json.Serialization;

namespace VetrAI.Grains.Billing;

[JsonSerializable(typeof(BillingState))]
[JsonSerializable(typeof(StripeCustomerIndexState))]
internal sealed partial class BillingStateJsonContext : JsonSerializerContext;
