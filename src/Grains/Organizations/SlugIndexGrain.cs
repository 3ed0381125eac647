using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Organizations;

namespace VetrAI.Grains.Organizations;

internal sealed class SlugIndexGrain(
    [PersistentState("slugindex")] IPersistentState<SlugIndexState> state,
    TimeProvider timeProvider) : Grain, ISlugIndexGrain
{
    /// <summary>Longer than any organization creation takes, so a reservation is only taken over when the
    /// request that made it is surely gone.</summary>
    internal static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    public async Task ReserveAsync(string organizationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationId);
        var owner = state.State.OrganizationId;
        if (string.Equals(owner, organizationId, StringComparison.Ordinal))
        {
            return;
        }

        if (owner is not null && !await IsAbandonedAsync(owner))
        {
            throw new ConflictException($"The slug '{NaturalKeys.ValueOf(this.GetPrimaryKeyString())}' is already taken.");
        }

        state.State = new SlugIndexState { OrganizationId = organizationId, ReservedAt = timeProvider.GetUtcNow() };
        await state.WriteStateAsync();
    }

    public async Task ReleaseAsync(string organizationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationId);
        if (string.Equals(state.State.OrganizationId, organizationId, StringComparison.Ordinal))
        {
            await state.ClearStateAsync();
        }
    }

    public Task<string?> GetOwnerAsync() => Task.FromResult(state.State.OrganizationId);

    /// <summary>ExistsAsync interleaves on the organization grain, so asking it here never waits on a cycle
    /// (the organization may be waiting on this grain while it changes its slug).</summary>
    private async Task<bool> IsAbandonedAsync(string owner)
        => timeProvider.GetUtcNow() - state.State.ReservedAt > AbandonedAfter
            && !await GrainFactory.GetGrain<IOrganizationGrain>(owner).ExistsAsync();
}
