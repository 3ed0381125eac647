using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.ApiFrontend.ApiKeys;
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

/// <summary>The end-to-end harness with a clock the tests can move, short API-key intervals, and a test-only
/// endpoint that programs call with <c>X-API-Key</c> (scope <c>echo:read</c>).</summary>
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
        options.ConfigureApp = app => app
            .MapGet("/test/api-key-echo", async (HttpContext context, ApiKeyAuthenticator keys) =>
            {
                var principal = await keys.AuthenticateAsync(context, "echo:read");
                return TypedResults.Ok(principal);
            })
            .AllowAnonymous();
    }
}
