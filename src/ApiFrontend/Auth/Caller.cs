using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Errors;
using RoleNames = VetrAI.Grains.Abstractions.Auth.Roles;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>The authenticated user of the current request, resolved once per request (token checked, then the
/// user grain asked whether it is still good and what the user may do now). Take it as a handler parameter
/// (<c>(Caller caller, ...) =&gt;</c>) on endpoints that declare their roles with
/// <see cref="CallerEndpointConventions.RequireRoles{TBuilder}"/> or <see cref="CallerEndpointConventions.RequireCaller{TBuilder}"/>.
/// Organization, roles and active state come from the user grain, not from the token's claims, so a role
/// change or deactivation applies to the very next request.</summary>
/// <param name="UserId">The user's id.</param>
/// <param name="OrganizationId">The user's organization; null for a super admin (or a user who has none yet).</param>
/// <param name="Roles">The user's current roles.</param>
/// <param name="TokenId">The access token's <c>jti</c>.</param>
/// <param name="SessionId">The access token's session (<c>sid</c>).</param>
/// <param name="TokenExpiresAt">When the access token expires.</param>
/// <param name="Actor">What grain commands carry for the audit trail (user id, request id, client address).</param>
public sealed record Caller(
    string UserId,
    string? OrganizationId,
    IReadOnlyList<string> Roles,
    string TokenId,
    string? SessionId,
    DateTimeOffset TokenExpiresAt,
    ActorContext Actor)
{
    /// <summary>The answer for anything of another tenant: not found, never "forbidden", so ids do not leak.</summary>
    public const string OrganizationNotFound = "Organization not found.";

    /// <summary>Whether the caller is a platform super admin (passes every role check, sees every organization).</summary>
    public bool IsSuperAdmin => HasRole(RoleNames.SuperAdmin);

    /// <summary>Whether the caller holds <paramref name="role"/> (exactly; super admin is not implied).</summary>
    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Whether the caller holds one of <paramref name="roles"/>, or is a super admin. No roles = any caller.</summary>
    public bool HasAnyRole(IReadOnlyCollection<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return roles.Count == 0 || IsSuperAdmin || roles.Any(HasRole);
    }

    /// <summary>Whether the caller may see data of <paramref name="organizationId"/>: their own organization, or any for a super admin.</summary>
    public bool CanAccessOrganization(string? organizationId)
        => organizationId is not null && (IsSuperAdmin || string.Equals(OrganizationId, organizationId, StringComparison.Ordinal));

    /// <summary>Throws <see cref="NotFoundException"/> (404) unless <see cref="CanAccessOrganization"/>.</summary>
    public void EnsureCanAccessOrganization(string? organizationId, string notFoundMessage = OrganizationNotFound)
    {
        if (!CanAccessOrganization(organizationId))
        {
            throw new NotFoundException(notFoundMessage);
        }
    }

    /// <summary>The organization a request acts on. A super admin names it (<paramref name="requested"/>, e.g. an
    /// <c>organization_id</c> query parameter) or falls back to their own; everyone else always gets their own
    /// organization, and naming another one is a 404.</summary>
    /// <exception cref="InvalidInputException">A super admin without an organization named none.</exception>
    /// <exception cref="NotFoundException">The caller has no organization, or named one that is not theirs.</exception>
    public string ResolveOrganizationId(string? requested = null)
    {
        if (IsSuperAdmin)
        {
            return requested ?? OrganizationId
                ?? throw new InvalidInputException("organization_id is required: a super admin must say which organization to act on.");
        }

        if (OrganizationId is null)
        {
            throw new NotFoundException("You do not belong to an organization.");
        }

        if (requested is not null && !string.Equals(requested, OrganizationId, StringComparison.Ordinal))
        {
            throw new NotFoundException(OrganizationNotFound);
        }

        return OrganizationId;
    }

    /// <summary>Minimal-API binding: the caller the middleware resolved for this request.</summary>
    /// <exception cref="UnauthenticatedException">The endpoint declared no caller requirement, so none was resolved.</exception>
    public static ValueTask<Caller?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<Caller?>(context.Features.Get<Caller>()
            ?? throw new UnauthenticatedException(CallerResolver.MissingTokenMessage));
    }
}
