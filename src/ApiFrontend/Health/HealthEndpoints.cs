using Microsoft.AspNetCore.Http.HttpResults;
using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.Hosting;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Health;

namespace VetrAI.ApiFrontend.Health;

/// <summary>Liveness and readiness probes.</summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan _probeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Maps <c>GET /health</c> (the process answers) and <c>GET /health/ready</c> (a silo answers a grain
    /// call and reaches the database, a co-hosted silo has started, and the super admin is bootstrapped; 503 with
    /// the reason otherwise).</summary>
    public static IEndpointRouteBuilder MapVetrAIHealth(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        // Probes for orchestrators, not part of the API clients are generated from (and they answer no 4xx, which
        // the OpenAPI linter's recommended rules require of every operation).
        var group = routes.MapGroup("/health").WithTags("Health").AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/", () => TypedResults.Ok(new HealthResponse("ok")))
            .WithName("Liveness")
            .WithSummary("The process is up.");
        group.MapGet("/ready", ReadyAsync)
            .WithName("Readiness")
            .WithSummary("Ready to serve: database reachable, silo started.");
        return routes;
    }

    private static async Task<Ok<HealthResponse>> ReadyAsync(
        IGrainFactory grainFactory,
        SiloHostingMode mode,
        IHostApplicationLifetime lifetime,
        BootstrapAdmin bootstrapAdmin)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw new ServiceUnavailableException("Shutting down.");
        }

        if (mode.HostsSilo && !lifetime.ApplicationStarted.IsCancellationRequested)
        {
            throw new ServiceUnavailableException("The silo has not started yet.");
        }

        // One grain call that needs an active silo, which then asks PostgreSQL: the whole path a request takes.
        try
        {
            if (!await grainFactory.GetGrain<IHealthGrain>(0).IsDatabaseReachableAsync().WaitAsync(_probeTimeout))
            {
                throw new ServiceUnavailableException("The database is not reachable.");
            }
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException)
        {
            throw new ServiceUnavailableException("No silo answered.");
        }

        if (!bootstrapAdmin.IsDone)
        {
            throw new ServiceUnavailableException("The super admin is not bootstrapped yet.");
        }

        return TypedResults.Ok(new HealthResponse("ready"));
    }
}

/// <summary>The body of a healthy probe.</summary>
public sealed record HealthResponse(string Status);
