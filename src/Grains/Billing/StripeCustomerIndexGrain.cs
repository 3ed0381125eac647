using VetrAI.Grains.Abstractions.Billing;
using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.Grains.Billing;

internal sealed class StripeCustomerIndexGrain(
    [PersistentState("stripecustomer")] IPersistentState<StripeCustomerIndexState> owner) : Grain, IStripeCustomerIndexGrain
{
    public async Task SetOrganizationAsync(string organizationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationId);
        if (owner.State.OrganizationId is { } current)
        {
            if (!string.Equals(current, organizationId, StringComparison.Ordinal))
            {
                throw new ConflictException("The Stripe customer belongs to another organization.");
            }

            return;
        }

        owner.State = new StripeCustomerIndexState { OrganizationId = organizationId };
        await owner.WriteStateAsync();
    }

    public Task<string?> GetOrganizationAsync() => Task.FromResult(owner.State.OrganizationId);
}
