using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using VetrAI.Grains.ApiKeys;
using VetrAI.Grains.Tests.Hosting;
using VetrAI.TestSupport;

namespace VetrAI.Grains.Tests.ApiKeys;

/// <summary>A cluster hosting the API-key grains with organizations the tests set up and a clock they can move.</summary>
public sealed class ApiKeyClusterFixture() : GrainClusterFixture("keys")
{
    internal FakeOrganizations Organizations { get; } = new();

    /// <summary>The grains' clock. Orleans' own areas (membership, reminders, messaging) stay on real time, so
    /// pushing it forward jumps expiry and rate windows without disturbing the silo.</summary>
    internal ShiftedClock Clock { get; } = new();

    private protected override void Configure(ISiloBuilder silo)
    {
        silo.Services.AddSingleton<TimeProvider>(Clock);
        silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        silo.Services.AddSingleton<IOrganizationLimitsReader>(Organizations);
        silo.Services.Configure<ApiKeysOptions>(o => o.UsageFlushInterval = TimeSpan.FromSeconds(1));
    }
}
