using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Tickets;

namespace VetrAI.Grains.Tickets;

internal sealed record SlaPolicyState
{
    [JsonPropertyName("policy")] public SlaPolicy? Policy { get; init; }
}

internal sealed class TicketSlaPolicyGrain(
    [PersistentState("ticketslapolicy")] IPersistentState<SlaPolicyState> policy,
    IOptions<TicketOptions> options) : Grain, ITicketSlaPolicyGrain
{
    public Task<SlaPolicy> GetAsync() => Task.FromResult(policy.State.Policy ?? options.Value.DefaultSla);

    public async Task<SlaPolicy> SetAsync(SlaPolicy newPolicy)
    {
        if (SlaPolicyRules.WhyInvalid(newPolicy) is { } why)
        {
            throw new InvalidInputException($"Invalid SLA policy: {why}");
        }

        policy.State = policy.State with { Policy = newPolicy };
        await policy.WriteStateAsync();
        return newPolicy;
    }

    public async Task<SlaPolicy> ResetAsync()
    {
        if (policy.RecordExists)
        {
            await policy.ClearStateAsync();
        }

        return options.Value.DefaultSla;
    }
}
