using VetrAI.Grains.Abstractions.Organizations;

namespace VetrAI.Grains.Abstractions.Auth;

/// <summary>References to the grains keyed by a natural value (an email address, a slug). The value goes behind a
/// prefix: Orleans' ADO.NET storage stores a key that reads as a short hex number as that number, so the slugs
/// "020235" and "20235", or the emails "abc+1@x" and "0abc+1@x", would share one row (Orleans issue #9706).</summary>
public static class NaturalKeys
{
    private const string EmailPrefix = "email:";
    private const string SignInPrefix = "signin:";
    private const string SlugPrefix = "slug:";

    /// <summary>The owner index of a normalized email address.</summary>
    public static IEmailIndexGrain GetEmailIndexGrain(this IGrainFactory grains, string normalizedEmail)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IEmailIndexGrain>(EmailPrefix + normalizedEmail);
    }

    /// <summary>The sign-in gate of a normalized email address.</summary>
    public static ISignInGrain GetSignInGrain(this IGrainFactory grains, string normalizedEmail)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<ISignInGrain>(SignInPrefix + normalizedEmail);
    }

    /// <summary>The owner index of an organization slug.</summary>
    public static ISlugIndexGrain GetSlugIndexGrain(this IGrainFactory grains, string slug)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<ISlugIndexGrain>(SlugPrefix + slug);
    }

    /// <summary>The natural value inside a key made here (the email or the slug).</summary>
    public static string ValueOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..];
    }
}
