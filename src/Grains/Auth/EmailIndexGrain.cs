using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.Grains.Auth;

internal sealed class EmailIndexGrain(
    [PersistentState("emailindex")] IPersistentState<EmailIndexState> state,
    TimeProvider timeProvider) : Grain, IEmailIndexGrain
{
    /// <summary>Longer than any registration takes, so a reservation is only taken over when the request that
    /// made it is surely gone.</summary>
    internal static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    public async Task ReserveAsync(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var owner = state.State.UserId;
        if (string.Equals(owner, userId, StringComparison.Ordinal))
        {
            return;
        }

        if (owner is not null && !await IsAbandonedAsync(owner))
        {
            throw new ConflictException("An account with this email address already exists.");
        }

        state.State = new EmailIndexState { UserId = userId, ReservedAt = timeProvider.GetUtcNow() };
        await state.WriteStateAsync();
    }

    public async Task ReleaseAsync(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (string.Equals(state.State.UserId, userId, StringComparison.Ordinal))
        {
            await state.ClearStateAsync();
        }
    }

    public Task<string?> GetOwnerAsync() => Task.FromResult(state.State.UserId);

    /// <summary>ExistsAsync interleaves on the user grain, so asking it here never waits on a cycle.</summary>
    private async Task<bool> IsAbandonedAsync(string owner)
        => timeProvider.GetUtcNow() - state.State.ReservedAt > AbandonedAfter
            && !await GrainFactory.GetGrain<IUserGrain>(owner).ExistsAsync();
}
