namespace VetrAI.Grains.Abstractions.Privacy;

/// <summary>Names shared by the GDPR features (the data export and the account erasure) on both sides of the grains.</summary>
public static class PersonalData
{
    /// <summary>The job type of a user's data export. Only <c>POST /api/v1/me/export</c> creates such jobs.</summary>
    public const string ExportJobType = "user_export";

    /// <summary>The payload field naming the user whose data a <see cref="ExportJobType"/> job exports.</summary>
    public const string ExportUserIdField = "user_id";

    /// <summary>The prefix of every anonymous id an erased user is replaced by.</summary>
    public const string AnonymousIdPrefix = "erased:";

    /// <summary>The personal tenant of a user: the owner of the user's export jobs and archives. It is no
    /// organization's, so neither an organization's job list nor its admins reach a member's export.</summary>
    public static string PersonalTenant(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return $"user-{userId}";
    }
}
