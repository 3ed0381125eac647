using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.ApiFrontend.ApiKeys;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.Grains.ApiKeys;
using VetrAI.TestSupport;

namespace VetrAI.ApiFrontend.Tests.ApiKeys;

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
