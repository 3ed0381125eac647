using System.Security.Cryptography;

namespace VetrAI.StripeStandIn.Wire;

/// <summary>Object ids with Stripe's prefixes (<c>cus_</c>, <c>sub_</c>, ...) and a random tail.</summary>
internal static class Ids
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New(string prefix, int length = 24) => $"{prefix}_{RandomNumberGenerator.GetString(Alphabet, length)}";
}
