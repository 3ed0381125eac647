using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VetrAI.Runtime.Membership;

/// <summary>A cluster client's view of the membership table: read every probe interval, no row of
/// its own. It declares late silos dead like a silo does, so that a client whose silos were all
/// killed stops calling them and reports itself not ready.</summary>
internal sealed partial class MembershipReader(
    MembershipTable table,
    ClusterMembership membership,
    IOptions<ClusterOptions> options,
    ILogger<MembershipReader> logger) : BackgroundService
{
    private readonly ClusterOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await table.DeclareLateSilosDeadAsync(_options.FailureTimeout, _options.DefunctSiloExpiration, stoppingToken);
                await membership.RefreshAsync(stoppingToken);
                await Task.Delay(_options.ProbeInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogReadFailed(logger, ex);
                await Task.Delay(_options.ProbeInterval, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the membership table failed; retrying at the next interval")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
