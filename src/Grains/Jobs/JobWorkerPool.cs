using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Jobs;

namespace VetrAI.Grains.Jobs;

/// <summary>Runs job attempts outside grain turns, at most <see cref="JobOptions.MaxConcurrency"/> at once and at
/// most an organization's bound per organization: waiting jobs of an organization at its bound are skipped,
/// so other organizations' jobs go first. While it holds a job it renews the job's lease; a pool that dies
/// stops renewing and the job's reminder drives the job again.</summary>
internal sealed partial class JobWorkerPool(
    IGrainFactory grains, JobHandlerRegistry handlers, IOptions<JobOptions> options, TimeProvider time, JobMetrics metrics, ILogger<JobWorkerPool> logger)
    : IJobDispatcher, IHostedService, IDisposable
{
    private const int ReportTries = 3;
    private readonly JobOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WorkItem> _held = new(StringComparer.Ordinal);
    private readonly LinkedList<WorkItem> _waiting = new();
    private readonly Dictionary<string, int> _runningPerOrganization = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _running;
    private Task _leaseLoop = Task.CompletedTask;

    public void Dispatch(string jobId, string organizationId, int organizationConcurrency)
    {
        lock (_gate)
        {
            // A stopping silo takes nothing new: the job's reminder drives it again after the restart.
            if (_stopping.IsCancellationRequested || _held.ContainsKey(jobId))
            {
                return;
            }

            var item = new WorkItem(jobId, organizationId, Math.Max(1, organizationConcurrency));
            _held.Add(jobId, item);
            _waiting.AddLast(item);
        }

        Pump();
    }

    public bool Holds(string jobId)
    {
        lock (_gate)
        {
            return _held.ContainsKey(jobId);
        }
    }

    public void RequestCancel(string jobId)
    {
        WorkItem? running = null;
        lock (_gate)
        {
            if (_held.TryGetValue(jobId, out var item))
            {
                if (item.IsRunning)
                {
                    running = item;
                }
                else
                {
                    _waiting.Remove(item);
                    _held.Remove(jobId);
                }
            }
        }

        running?.RequestStop();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.ObserveQueue(WaitingCount, RunningCount);
        _leaseLoop = RenewLeasesAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] executions;
        lock (_gate)
        {
            _stopping.Cancel();
            executions = [.. _held.Values.Select(i => i.Execution).OfType<Task>()];
            _waiting.Clear();
        }

        try
        {
            await Task.WhenAll([_leaseLoop, .. executions]).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Handlers that ignore their token are left behind; their leases lapse like a crash's.
        }
    }

    public void Dispose() => _stopping.Dispose();

    private int WaitingCount()
    {
        lock (_gate)
        {
            return _waiting.Count;
        }
    }

    private int RunningCount()
    {
        lock (_gate)
        {
            return _running;
        }
    }

    /// <summary>Starts every waiting job that has a free worker and whose organization is under its bound.</summary>
    private void Pump()
    {
        List<WorkItem>? starting = null;
        lock (_gate)
        {
            for (var node = _waiting.First; node is not null && _running < _options.MaxConcurrency;)
            {
                var next = node.Next;
                var item = node.Value;
                var ofOrganization = _runningPerOrganization.GetValueOrDefault(item.OrganizationId);
                if (ofOrganization < item.OrganizationConcurrency)
                {
                    _waiting.Remove(node);
                    _running++;
                    _runningPerOrganization[item.OrganizationId] = ofOrganization + 1;
                    item.IsRunning = true;
                    (starting ??= []).Add(item);
                }

                node = next;
            }
        }

        foreach (var item in starting ?? [])
        {
            item.Execution = Task.Run(() => RunAsync(item));
        }
    }

    private async Task RunAsync(WorkItem item)
    {
        try
        {
            await RunAttemptAsync(item);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAttemptCrashed(logger, item.JobId, e);
        }
        finally
        {
            lock (_gate)
            {
                _held.Remove(item.JobId);
                _running--;
                var left = _runningPerOrganization[item.OrganizationId] - 1;
                if (left == 0)
                {
                    _runningPerOrganization.Remove(item.OrganizationId);
                }
                else
                {
                    _runningPerOrganization[item.OrganizationId] = left;
                }
            }

            Pump();
        }
    }

    private async Task RunAttemptAsync(WorkItem item)
    {
        var grain = grains.GetGrain<IJobGrain>(item.JobId);
        var ticket = await grain.BeginAttemptAsync();
        if (ticket is null)
        {
            return;
        }

        item.Attempt = ticket.Attempt;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(ticket.TimeoutSeconds), time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(item.Stop, timeout.Token, _stopping.Token);
        LogAttemptStarted(logger, ticket.JobId, ticket.Type, ticket.Attempt);
        var started = time.GetTimestamp();
        JobAttemptReport report;
        try
        {
            var context = new JobContext(ticket.JobId, ticket.OrganizationId, ticket.Attempt, ticket.Payload, new Progress(grain, item));
            var result = await handlers.Get(ticket.Type).ExecuteAsync(context, attempt.Token);
            report = new JobAttemptReport(JobAttemptOutcome.Succeeded, result, null);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The silo is stopping: report nothing. The lease lapses and the job runs again (at least once).
            return;
        }
        catch (OperationCanceledException) when (item.Stop.IsCancellationRequested)
        {
            report = new JobAttemptReport(JobAttemptOutcome.Cancelled, null, "The job was cancelled while it ran.");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            report = new JobAttemptReport(JobAttemptOutcome.TimedOut, null, $"The attempt did not finish within {ticket.TimeoutSeconds} s.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            report = new JobAttemptReport(JobAttemptOutcome.Failed, null, e is JobAttemptFailedException ? e.Message : $"{e.GetType().Name}: {e.Message}");
        }

        LogAttemptEnded(logger, ticket.JobId, ticket.Attempt, report.Outcome);
        metrics.AttemptEnded(ticket.Type, report.Outcome, time.GetElapsedTime(started));
        await ReportAsync(grain, ticket.Attempt, report);
    }

    private async Task ReportAsync(IJobGrain grain, int attempt, JobAttemptReport report)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                await grain.CompleteAttemptAsync(attempt, report);
                return;
            }
            catch (Exception e) when (tries < ReportTries && e is TimeoutException or OrleansException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * tries), time, _stopping.Token);
            }
        }
    }

    private async Task RenewLeasesAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.LeaseRenewInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                WorkItem[] held;
                lock (_gate)
                {
                    held = [.. _held.Values];
                }

                foreach (var item in held)
                {
                    await RenewLeaseAsync(item);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RenewLeaseAsync(WorkItem item)
    {
        bool keep;
        try
        {
            keep = await grains.GetGrain<IJobGrain>(item.JobId).RenewLeaseAsync(item.Attempt);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One missed renewal is within the lease's margin; the next tick tries again.
            LogLeaseRenewalFailed(logger, item.JobId, e);
            return;
        }

        if (!keep)
        {
            RequestCancel(item.JobId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({Type}) attempt {Attempt} started")]
    private static partial void LogAttemptStarted(ILogger logger, string jobId, string type, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} attempt {Attempt} ended: {Outcome}")]
    private static partial void LogAttemptEnded(ILogger logger, string jobId, int attempt, JobAttemptOutcome outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId}: the worker failed outside its handler; the job's lease will drive it again")]
    private static partial void LogAttemptCrashed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: renewing the lease failed")]
    private static partial void LogLeaseRenewalFailed(ILogger logger, string jobId, Exception exception);

    private sealed class WorkItem(string jobId, string organizationId, int organizationConcurrency)
    {
        private readonly CancellationTokenSource _stop = new();

        public string JobId { get; } = jobId;

        public string OrganizationId { get; } = organizationId;

        public int OrganizationConcurrency { get; } = organizationConcurrency;

        public bool IsRunning { get; set; }

        /// <summary>0 until the grain handed out an attempt.</summary>
        public int Attempt { get; set; }

        public Task? Execution { get; set; }

        public CancellationToken Stop => _stop.Token;

        public void RequestStop() => _stop.Cancel();
    }

    private sealed class Progress(IJobGrain grain, WorkItem item) : IJobProgress
    {
        public async ValueTask ReportAsync(int percent, string? message, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await grain.ReportProgressAsync(item.Attempt, percent, message))
            {
                item.RequestStop();
            }
        }
    }
}
