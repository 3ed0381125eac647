namespace VetrAI.StripeStandIn;

/// <summary>The API version the stand-in speaks: Stripe.net 53.1.0's pinned one
/// (<c>Stripe.StripeConfiguration.ApiVersion</c>). Events carry it, and Stripe.net refuses events of another
/// version; a test keeps the two equal when Stripe.net is upgraded.</summary>
internal static class StripeApiVersion
{
    public const string Current = "2026-10-28.endive";
}
