using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VetrAI.Runtime.Activation;
using VetrAI.Runtime.Placement;

namespace VetrAI.Runtime.Membership;

/// <summary>A silo's life in the membership table: joins with a new generation once the runtime has
/// started (the table exists by then), turns active when every service is up, heartbeats, reads the
/// table and declares late silos dead, gives up grains it no longer owns, and leaves the table on
/// shutdown after its grains were persisted. A silo that finds itself declared dead ends the process
/// at once: another silo owns its grains, so it must not run (or persist) them any longer.</summary>
internal sealed partial class MembershipAgent(
    MembershipTable table,
    ClusterMembership membership,
    LocalSiloIdentity identity,
    MembershipFence fence,
    RendezvousPlacementDirector placement,
    IServiceProvider services,
    IOptions<ClusterOptions> options,
    ILogger<MembershipAgent> logger) : IHostedLifecycleService
{
    private readonly ClusterOptions _options = options.Value;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _handoffGate = new(1, 1);
    private Task _loops = Task.CompletedTask;
    private volatile bool _leaving;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var address = await table.JoinAsync(_options.AdvertisedAddress, _options.Port, cancellationToken);
        identity.Address = address;
        fence.FencedOut += OnFencedOut;
        LogJoined(logger, address);
        membership.ViewChanged += OnViewChanged;
        await membership.RefreshAsync(cancellationToken);
        _loops = Task.WhenAll(HeartbeatLoopAsync(address, _stopping.Token), ProbeLoopAsync(address, _stopping.Token));
    }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var address = identity.Address!.Value;
        if (!await table.SetStatusAsync(address, SiloStatus.Active, cancellationToken))
        {
            await DeclaredDeadAsync(address);
        }

        await membership.RefreshAsync(cancellationToken);
        LogActive(logger, address);
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (identity.Address is not { } address)
        {
            return;
        }

        // Before the runtime deactivates everything: other members stop placing grains here, and
        // calls that still arrive are forwarded to the new owners.
        _leaving = true;
        LogLeaving(logger, address);
        if (await table.SetStatusAsync(address, SiloStatus.ShuttingDown, cancellationToken))
        {
            await membership.RefreshAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        membership.ViewChanged -= OnViewChanged;
        await _stopping.CancelAsync();
        await _loops;
        if (identity.Address is { } address)
        {
            await table.SetStatusAsync(address, SiloStatus.Dead, cancellationToken);
            LogLeft(logger, address);
        }
    }

    private async Task HeartbeatLoopAsync(SiloAddress address, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.IAmAliveInterval, cancellationToken);
                var count = services.GetService<IActivationCatalog>()?.Count ?? 0;
                if (!await table.HeartbeatAsync(address, count, cancellationToken))
                {
                    await DeclaredDeadAsync(address);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogTableFailed(logger, "heartbeat", ex);
            }
        }
    }

    private async Task ProbeLoopAsync(SiloAddress address, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.ProbeInterval, cancellationToken);
                var declared = await table.DeclareLateSilosDeadAsync(_options.FailureTimeout, _options.DefunctSiloExpiration, cancellationToken);
                if (declared > 0)
                {
                    LogDeclaredLateSilosDead(logger, declared);
                }

                var view = await membership.RefreshAsync(cancellationToken);
                if (view.Find(address) is not { Status: not SiloStatus.Dead })
                {
                    await DeclaredDeadAsync(address);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogTableFailed(logger, "probe", ex);
            }
        }
    }

    private void OnViewChanged(MembershipView view)
    {
        if (_leaving || services.GetService<IActivationCatalog>() is not { } catalog)
        {
            return;
        }

        _ = HandOffAsync(catalog, view);
    }

    /// <summary>Deactivates (and so persists) the activations another silo owns in <paramref name="view"/>.
    /// One hand-off at a time; a later view re-checks every activation anyway.</summary>
    private async Task HandOffAsync(IActivationCatalog catalog, MembershipView view)
    {
        await _handoffGate.WaitAsync();
        try
        {
            if (_leaving || !ReferenceEquals(membership.View, view))
            {
                return;
            }

            await catalog.DeactivateWhereAsync(
                grainId => !placement.IsOwnedLocally(view, grainId),
                new DeactivationReason(DeactivationReasonCode.OwnershipChanged, $"membership view {view.Version} moved the grain to another silo"),
                _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogHandOffFailed(logger, view.Version, ex);
        }
        finally
        {
            _handoffGate.Release();
        }
    }

    private void OnFencedOut(SiloAddress address)
    {
        LogWriteFencedOut(logger, address);
        _ = DeclaredDeadAsync(address);
    }

    private async Task DeclaredDeadAsync(SiloAddress address)
    {
        if (_leaving)
        {
            return;
        }

        LogDeclaredDead(logger, address);
        // Gives the console logger's queue a moment to write the line above.
        await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        // Orleans does the same: no graceful stop, since that would persist grains that other
        // silos own now. The supervisor (Kubernetes, cluster.sh) starts a new incarnation.
        Environment.FailFast($"VetrAI silo {address} was declared dead by the cluster and stops at once.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} joined the cluster membership table")]
    private static partial void LogJoined(ILogger logger, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} is active")]
    private static partial void LogActive(ILogger logger, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} is shutting down: it takes no new grains")]
    private static partial void LogLeaving(ILogger logger, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} left the cluster")]
    private static partial void LogLeft(ILogger logger, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Declared {Count} silo(s) dead or expired in the membership table")]
    private static partial void LogDeclaredLateSilosDead(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Silo {Silo} was declared dead by the cluster (it missed its heartbeats); stopping the process now")]
    private static partial void LogDeclaredDead(ILogger logger, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Critical, Message = "A grain write of silo {Silo} was refused: its membership row is dead")]
    private static partial void LogWriteFencedOut(ILogger logger, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Membership {Operation} failed; retrying at the next interval")]
    private static partial void LogTableFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handing off grains after membership view {Version} failed")]
    private static partial void LogHandOffFailed(ILogger logger, long version, Exception exception);
}
