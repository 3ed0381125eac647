using Microsoft.Extensions.DependencyInjection;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.Grains.ApiKeys;

namespace VetrAI.ApiFrontend.Tests.ApiKeys;

/// <summary>Real time plus an offset a test can push forward (expiry, grace periods, refills), while timers
/// and timeouts keep running in real time.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

/// <summary>The end-to-end harness with a clock the tests can move and short API-key intervals.</summary>
public sealed class ApiKeysFixture : ApiFixture
{
    public ShiftedClock Clock { get; } = new();

    protected override void Configure(TestFrontendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ConfigureServices = services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.Configure<ApiKeysOptions>(o =>
            {
                o.UsageFlushInterval = TimeSpan.FromSeconds(1);
                o.LimitsRefreshInterval = TimeSpan.FromMilliseconds(200);
            });
        };
    }
}
