using Microsoft.Extensions.Logging;
using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.Themes;
using VetrAI.Grains.Abstractions.Users;
using VetrAI.Grains.Audit;

namespace VetrAI.Grains.Organizations;

internal sealed partial class OrganizationGrain(
    [PersistentState(OrganizationGrain.StateName)] IPersistentState<OrganizationState> state,
    IAuditLog auditLog,
    TimeProvider timeProvider,
    ILogger<OrganizationGrain> logger) : Grain, IOrganizationGrain
{
    /// <summary>The storage name of this grain's state; the read models list rows by it.</summary>
    public const string StateName = "organization";

    private const string NotFoundMessage = "Organization not found.";
    private const int MemberDeactivationParallelism = 8;

    public async Task<OrganizationInfo> CreateAsync(CreateOrganizationCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (state.RecordExists)
        {
            throw new ConflictException("The organization already exists.");
        }

        OrganizationRules.ValidateName(command.Name);
        OrganizationRules.ValidateSlug(command.Slug);
        OrganizationRules.ValidatePlan(command.Plan);
        await SlugIndex(command.Slug).ReserveAsync(this.GetPrimaryKeyString());

        var now = timeProvider.GetUtcNow();
        state.State = new OrganizationState
        {
            Id = this.GetPrimaryKeyString(),
            Name = command.Name.Trim(),
            Slug = command.Slug,
            Plan = command.Plan,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.OrganizationCreated, command.Actor, new Dictionary<string, string?>
        {
            ["name"] = state.State.Name,
            ["slug"] = state.State.Slug,
            ["plan"] = state.State.Plan,
        });
        return state.State.ToInfo();
    }

    public Task<OrganizationInfo> GetAsync()
        => state.RecordExists ? Task.FromResult(state.State.ToInfo()) : throw new NotFoundException(NotFoundMessage);

    public Task<bool> ExistsAsync() => Task.FromResult(state.RecordExists && !state.State.Deleted);

    public async Task<OrganizationInfo> UpdateAsync(UpdateOrganizationCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var current = Existing();
        var next = current;
        var changed = new Dictionary<string, string?>();
        if (command.Name is not null && !string.Equals(command.Name.Trim(), current.Name, StringComparison.Ordinal))
        {
            OrganizationRules.ValidateName(command.Name);
            next = next with { Name = command.Name.Trim() };
            changed["name"] = next.Name;
        }

        if (command.Plan is not null && !string.Equals(command.Plan, current.Plan, StringComparison.Ordinal))
        {
            OrganizationRules.ValidatePlan(command.Plan);
            next = next with { Plan = command.Plan };
            changed["plan"] = next.Plan;
        }

        if (command.LimitOverrides is not null)
        {
            OrganizationRules.ValidateOverrides(command.LimitOverrides);
            var overrides = current.LimitOverrides.Merge(command.LimitOverrides);
            if (overrides != current.LimitOverrides)
            {
                next = next with { LimitOverrides = overrides };
                changed["limits"] = $"{next.Limits}";
            }
        }

        var oldSlug = current.Slug;
        if (command.Slug is not null && !string.Equals(command.Slug, current.Slug, StringComparison.Ordinal))
        {
            OrganizationRules.ValidateSlug(command.Slug);
            await SlugIndex(command.Slug).ReserveAsync(current.Id);
            next = next with { Slug = command.Slug };
            changed["slug"] = next.Slug;
        }

        if (changed.Count == 0)
        {
            return current.ToInfo();
        }

        var slugChanged = !string.Equals(oldSlug, next.Slug, StringComparison.Ordinal);
        state.State = next with { UpdatedAt = timeProvider.GetUtcNow() };
        try
        {
            await state.WriteStateAsync();
        }
        catch when (slugChanged)
        {
            // The organization keeps its old slug; do not keep the new one from others.
            await SlugIndex(next.Slug).ReleaseAsync(current.Id);
            throw;
        }

        if (slugChanged)
        {
            await SlugIndex(oldSlug).ReleaseAsync(current.Id);
        }

        await AuditAsync(AuditActions.OrganizationUpdated, command.Actor, changed);
        if (next.Limits != current.Limits)
        {
            // The keys read limits through the quota grain; tell it now instead of at its next refresh.
            await GrainFactory.GetGrain<IApiKeyQuotaGrain>(current.Id).LimitsChangedAsync();
        }

        return state.State.ToInfo();
    }

    public async Task AddMemberAsync(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var current = Existing();
        if (current.MemberIds.Contains(userId, StringComparer.Ordinal))
        {
            return;
        }

        var maxUsers = current.Limits.MaxUsers;
        if (current.MemberIds.Count >= maxUsers)
        {
            throw new ForbiddenException(
                $"The organization has reached its limit of {maxUsers} users on the '{current.Plan}' plan; remove a user or change the plan.");
        }

        state.State = current with { MemberIds = [.. current.MemberIds, userId], UpdatedAt = timeProvider.GetUtcNow() };
        await state.WriteStateAsync();
    }

    public async Task RemoveMemberAsync(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (!state.RecordExists || !state.State.MemberIds.Contains(userId, StringComparer.Ordinal))
        {
            return;
        }

        var current = state.State;
        state.State = current with
        {
            MemberIds = current.MemberIds.Where(id => !string.Equals(id, userId, StringComparison.Ordinal)).ToList(),
            UpdatedAt = timeProvider.GetUtcNow(),
        };
        await state.WriteStateAsync();
    }

    public async Task<OrganizationDeleted> DeleteAsync(ActorContext actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = Existing();
        var now = timeProvider.GetUtcNow();
        state.State = current with { Deleted = true, DeletedAt = now, UpdatedAt = now };
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.OrganizationDeleted, actor, new Dictionary<string, string?>
        {
            ["name"] = current.Name,
            ["slug"] = current.Slug,
        });

        // The deletion is recorded first, so the organization answers "deleted" from here on whatever happens
        // below; the follow-up steps are idempotent and a retried DELETE would find the organization gone.
        await SlugIndex(current.Slug).ReleaseAsync(current.Id);
        var revokedKeys = await GrainFactory.GetGrain<IApiKeyRegistryGrain>(current.Id).RevokeAllAsync(actor);
        // In batches on the grain's own scheduler: grain calls must start from the activation's context.
        foreach (var batch in current.MemberIds.Chunk(MemberDeactivationParallelism))
        {
            await Task.WhenAll(batch.Select(memberId => GrainFactory.GetGrain<IUserGrain>(memberId).DeactivateForDeletedOrganizationAsync(actor)));
        }
        LogDeleted(logger, current.Id, current.MemberIds.Count, revokedKeys);
        return new OrganizationDeleted(current.Slug, current.MemberIds);
    }

    public async Task SetActiveThemeAsync(string themeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(themeId);
        var current = Existing();
        if (string.Equals(current.ActiveThemeId, themeId, StringComparison.Ordinal))
        {
            return;
        }

        state.State = current with { ActiveThemeId = themeId, UpdatedAt = timeProvider.GetUtcNow() };
        await state.WriteStateAsync();
    }

    public async Task ClearActiveThemeAsync(string themeId)
    {
        if (!state.RecordExists || state.State.Deleted || !string.Equals(state.State.ActiveThemeId, themeId, StringComparison.Ordinal))
        {
            return;
        }

        state.State = state.State with { ActiveThemeId = null, UpdatedAt = timeProvider.GetUtcNow() };
        await state.WriteStateAsync();
    }

    public Task<string?> GetActiveThemeIdAsync() => Task.FromResult(Existing().ActiveThemeId);

    public async Task<ThemeBranding> GetBrandingAsync()
    {
        if (Existing().ActiveThemeId is not { } themeId)
        {
            return ThemeBranding.Default;
        }

        try
        {
            return await GrainFactory.GetGrain<IThemeGrain>(themeId).GetBrandingAsync();
        }
        catch (NotFoundException)
        {
            // Deleted after it was read as active: the organization has no theme now.
            return ThemeBranding.Default;
        }
    }

    private OrganizationState Existing()
        => state.RecordExists && !state.State.Deleted ? state.State : throw new NotFoundException(NotFoundMessage);

    private ISlugIndexGrain SlugIndex(string slug) => GrainFactory.GetSlugIndexGrain(slug);

    private Task AuditAsync(string action, ActorContext actor, IReadOnlyDictionary<string, string?>? details)
        => auditLog.WriteAsync(new AuditEntry(this.GetPrimaryKeyString(), action, $"organization:{this.GetPrimaryKeyString()}", actor, details));

    [LoggerMessage(Level = LogLevel.Information, Message = "Organization {OrganizationId} deleted; {MemberCount} members deactivated, {KeyCount} API keys revoked")]
    private static partial void LogDeleted(ILogger logger, string organizationId, int memberCount, int keyCount);
}
