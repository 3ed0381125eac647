using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VetrAI.Runtime.Membership;
using VetrAI.Runtime.Placement;

namespace VetrAI.Runtime.Messaging;

/// <summary>Sends grain calls to other silos: one <see cref="ClusterPeer"/> per silo endpoint, every
/// call (or batch of calls, under load) a stream multiplexed on its HTTP/2 connections. A call that could not be delivered (nothing listens there: the silo
/// died or left) never reached a grain, so it is sent again to whoever owns the grain in a fresh view,
/// until the call's timeout; so is a call that a stopping silo refused. A connection that broke after
/// the call was sent is reported as an <see cref="IOException"/>, not retried: the call may have run.</summary>
internal sealed partial class ClusterTransport(
    ClusterMembership membership,
    ClusterSecret secret,
    IServiceProvider services,
    IOptions<ClusterOptions> options,
    ILogger<ClusterTransport> logger) : IRemoteCallSender, IDisposable
{
    /// <summary>The membership version the caller placed the call with.</summary>
    public const string ViewVersionHeader = "X-VetrAI-View-Version";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly string SiloUnavailableTypeName = typeof(SiloUnavailableException).FullName + ",";

    private readonly ConcurrentDictionary<(string Host, int Port), ClusterPeer> _peers = new();
    private readonly ClusterOptions _options = options.Value;

    public async Task<RemoteCallResponse> SendAsync(SiloAddress silo, RemoteCallRequest request, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(Math.Max(1, request.TimeoutMilliseconds));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = TimeProvider.System.GetTimestamp();
        var target = silo;
        while (true)
        {
            string undelivered;
            try
            {
                var left = timeout - TimeProvider.System.GetElapsedTime(started);
                var response = await SendOnceAsync(target, request with { TimeoutMilliseconds = (int)Math.Max(1, left.TotalMilliseconds) }, deadline.Token);
                if (!IsSiloUnavailable(response))
                {
                    return response;
                }

                // The silo is stopping and refused to activate the grain: the call did not run.
                undelivered = response.ExceptionMessage ?? "";
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The call to {request.Target} on silo {target} timed out after {timeout.TotalMilliseconds:0} ms.");
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
            {
                undelivered = ex.Message;
            }
            catch (HttpRequestException ex)
            {
                throw new IOException(
                    $"The connection to silo {target} broke during the call to {request.Target}; the call may have run. {ex.Message}", ex);
            }

            LogUndelivered(logger, target, request.Target, undelivered);
            var next = await FindOwnerAgainAsync(request, deadline.Token, cancellationToken, timeout);
            if (next is null)
            {
                // This silo owns the grain now.
                var handler = services.GetRequiredService<IRemoteCallHandler>();
                return await handler.HandleAsync(request, cancellationToken);
            }

            if (next.Value == target)
            {
                // The view still names the silo that does not take the call: wait for the view to change.
                await DelayOrTimeoutAsync(request, deadline.Token, cancellationToken, timeout);
            }

            target = next.Value;
        }
    }

    private static bool IsSiloUnavailable(RemoteCallResponse response) =>
        response.ExceptionType is { } type && type.StartsWith(SiloUnavailableTypeName, StringComparison.Ordinal);

    public void Dispose()
    {
        foreach (var peer in _peers.Values)
        {
            peer.Dispose();
        }

        _peers.Clear();
    }

    /// <summary>Drops the clients of silos that left the view, closing their connections.</summary>
    public void Forget(MembershipView view)
    {
        foreach (var key in _peers.Keys)
        {
            if (!view.Silos.Any(s => s.Status != SiloStatus.Dead && s.Address.Host == key.Host && s.Address.Port == key.Port)
                && _peers.TryRemove(key, out var peer))
            {
                peer.Dispose();
            }
        }
    }

    private Task<RemoteCallResponse> SendOnceAsync(SiloAddress silo, RemoteCallRequest request, CancellationToken cancellationToken)
    {
        var peer = _peers.GetOrAdd(
            (silo.Host, silo.Port),
            key => new ClusterPeer(key.Host, key.Port, _options.ConnectTimeout, secret, () => membership.View.Version));
        return peer.SendAsync(request, cancellationToken);
    }

    private async Task<SiloAddress?> FindOwnerAgainAsync(
        RemoteCallRequest request, CancellationToken deadline, CancellationToken caller, TimeSpan timeout)
    {
        try
        {
            await membership.RefreshAsync(deadline);
            return services.GetRequiredService<IPlacementDirector>().GetOwner(request.Target);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !caller.IsCancellationRequested)
        {
            throw Unavailable(request, timeout);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not SiloUnavailableException)
        {
            // The table is out of reach too: go on with the view we have.
            LogRefreshFailed(logger, ex);
            return services.GetRequiredService<IPlacementDirector>().GetOwner(request.Target);
        }
    }

    private static async Task DelayOrTimeoutAsync(RemoteCallRequest request, CancellationToken deadline, CancellationToken caller, TimeSpan timeout)
    {
        try
        {
            await Task.Delay(RetryDelay, deadline);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            throw Unavailable(request, timeout);
        }
    }

    private static SiloUnavailableException Unavailable(RemoteCallRequest request, TimeSpan timeout) =>
        new($"No silo that owns {request.Target} could be reached within the call timeout of {timeout.TotalMilliseconds:0} ms.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} did not take a call to {Grain} ({Reason}); looking for the owner again")]
    private static partial void LogUndelivered(ILogger logger, SiloAddress silo, GrainId grain, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the membership view failed; placing the call with the current view")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
