namespace VetrAI.Grains.Privacy;

/// <summary>Audit actions of the GDPR features.</summary>
internal static class PrivacyAuditActions
{
    /// <summary>A user erased their account; after the erasure the entry names them by their anonymous id.</summary>
    public const string UserErased = "user.erased";

    /// <summary>A user's data export was stored.</summary>
    public const string DataExported = "user.data_exported";
}
