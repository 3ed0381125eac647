namespace VetrAI.Grains.ApiKeys;

/// <summary>The audit event names of API keys. Clients filter on them, so a name never changes once shipped.</summary>
internal static class ApiKeyAuditActions
{
    public const string Created = "api_key.created";
    public const string Revoked = "api_key.revoked";
    public const string Rolled = "api_key.rolled";
    public const string Enabled = "api_key.enabled";
    public const string Disabled = "api_key.disabled";
}
