using Microsoft.Extensions.Logging;
using VetrAI.Runtime.Diagnostics;

namespace VetrAI.Runtime.Membership;

/// <summary>This process's current view of the membership table. Members refresh it every probe
/// interval and on demand (a call that could not reach a silo asks for a fresh view); concurrent
/// refreshes share one table read.</summary>
internal sealed partial class ClusterMembership(MembershipTable table, ILogger<ClusterMembership> logger) : IClusterHealth
{
    private readonly Lock _refreshLock = new();
    private readonly Lock _viewLock = new();
    private MembershipView _view = MembershipView.Empty;
    private Task<MembershipView>? _refreshing;

    /// <summary>Raised (on the refreshing thread) when a read finds a new table version.</summary>
    public event Action<MembershipView>? ViewChanged;

    public MembershipView View => Volatile.Read(ref _view);

    public int ActiveSiloCount => View.ActiveSilos.Length;

    public long Version => View.Version;

    public IReadOnlyList<ClusterSilo> Silos => View.Silos;

    /// <summary>Reads the table now, or joins the read already under way.</summary>
    public Task<MembershipView> RefreshAsync(CancellationToken cancellationToken)
    {
        lock (_refreshLock)
        {
            if (_refreshing is { IsCompleted: false } running)
            {
                return running.WaitAsync(cancellationToken);
            }

            _refreshing = ReadAndPublishAsync();
            return _refreshing.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Adopts <paramref name="view"/> unless a newer one is already current.</summary>
    public void Update(MembershipView view) => Apply(view);

    private async Task<MembershipView> ReadAndPublishAsync()
    {
        // Not tied to one caller's token: other callers share this read.
        var view = await table.ReadAsync(CancellationToken.None);
        Apply(view);
        return View;
    }

    private void Apply(MembershipView view)
    {
        MembershipView previous;
        lock (_viewLock)
        {
            previous = _view;
            if (view.Version < previous.Version)
            {
                return;
            }

            Volatile.Write(ref _view, view);
        }

        if (view.Version != previous.Version)
        {
            RuntimeInstruments.MembershipChanges.Add(1);
            LogViewChanged(logger, view.Version, view.ActiveSilos.Length, string.Join(", ", view.ActiveSilos));
            ViewChanged?.Invoke(view);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Membership view {Version}: {ActiveCount} active silo(s) [{ActiveSilos}]")]
    private static partial void LogViewChanged(ILogger logger, long version, int activeCount, string activeSilos);
}
