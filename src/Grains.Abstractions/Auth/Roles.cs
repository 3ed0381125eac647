namespace VetrAI.Grains.Abstractions.Auth;

/// <summary>The roles a user can hold. A super admin manages the whole platform; every other role
/// is held within the user's organization.</summary>
public static class Roles
{
    /// <summary>Platform operator: passes every role check and may act on any organization.</summary>
    public const string SuperAdmin = "super_admin";

    /// <summary>Administers one organization: its settings, users, keys and audit log.</summary>
    public const string OrgAdmin = "org_admin";

    /// <summary>A member of an organization.</summary>
    public const string User = "user";

    /// <summary>Handles the organization's support tickets.</summary>
    public const string SupportAgent = "support_agent";

    /// <summary>Manages the organization's subscription and invoices.</summary>
    public const string BillingAdmin = "billing_admin";

    /// <summary>Every role.</summary>
    public static IReadOnlyList<string> All { get; } = [SuperAdmin, OrgAdmin, User, SupportAgent, BillingAdmin];

    /// <summary>The roles an organization admin may give to users of the organization.</summary>
    public static IReadOnlyList<string> OrganizationRoles { get; } = [OrgAdmin, User, SupportAgent, BillingAdmin];

    /// <summary>Whether <paramref name="role"/> names a role.</summary>
    public static bool IsKnown(string? role) => role is SuperAdmin or OrgAdmin or User or SupportAgent or BillingAdmin;
}
