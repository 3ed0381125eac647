using Microsoft.Extensions.DependencyInjection;
using VetrAI.Grains.Jobs;
using VetrAI.Grains.Tests.Hosting;

namespace VetrAI.Grains.Tests.Jobs;

/// <summary>A cluster for the job grain tests, with test-sized backoff and leases.</summary>
public sealed class JobClusterFixture() : GrainClusterFixture("jobs")
{
    /// <summary>Longer than a restart of the test cluster takes: a lease that ran out while no silo was up is
    /// only noticed at the reminder's next period (Orleans does not replay missed ticks).</summary>
    internal static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(5);

    private protected override void Configure(ISiloBuilder silo) =>
        silo.Services.Configure<JobOptions>(o =>
        {
            o.BackoffBase = TimeSpan.FromMilliseconds(300);
            o.BackoffMax = TimeSpan.FromSeconds(2);
            o.LeaseDuration = LeaseDuration;
            o.LeaseRenewInterval = TimeSpan.FromSeconds(1);
            o.WebhooksMayReachPrivateNetworks = true;
        });
}
