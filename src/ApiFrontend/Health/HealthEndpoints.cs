using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.Hosting;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Runtime;

namespace VetrAI.ApiFrontend.Health;

/// <summary>Liveness and readiness probes.</summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan _databaseTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Maps <c>GET /health</c> (the process answers) and <c>GET /health/ready</c> (the database answers,
    /// the in-process silo has started, a cluster has an active silo, and the super admin is bootstrapped; 503 with
    /// the reason otherwise).</summary>
    public static IEndpointRouteBuilder MapVetrAIHealth(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var group = routes.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/", () => TypedResults.Ok(new HealthResponse("ok")))
            .WithName("Liveness")
            .WithSummary("The process is up.");
        group.MapGet("/ready", ReadyAsync)
            .WithName("Readiness")
            .WithSummary("Ready to serve: database reachable, silo started.");
        return routes;
    }

    private static async Task<Ok<HealthResponse>> ReadyAsync(
        NpgsqlDataSource dataSource,
        SiloHostingMode mode,
        IHostApplicationLifetime lifetime,
        BootstrapAdmin bootstrapAdmin,
        [Microsoft.AspNetCore.Mvc.FromServices] IClusterHealth? cluster,
        CancellationToken cancellationToken)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw new ServiceUnavailableException("Shutting down.");
        }

        if (mode.HostsSilo && !lifetime.ApplicationStarted.IsCancellationRequested)
        {
            throw new ServiceUnavailableException("The silo has not started yet.");
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_databaseTimeout);
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            throw new ServiceUnavailableException("The database is not reachable.");
        }

        // In a cluster (a client-mode front end, or a silo that joined one) grain calls need an active silo.
        if (cluster is { ActiveSiloCount: 0 })
        {
            throw new ServiceUnavailableException("No active silo in the cluster.");
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
