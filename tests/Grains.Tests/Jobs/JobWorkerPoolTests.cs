using Microsoft.Extensions.DependencyInjection;
using VetrAI.TestSupport;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Jobs;
using VetrAI.Grains.Jobs;

namespace VetrAI.Grains.Tests.Jobs;

public sealed class JobWorkerPoolTests : IAsyncLifetime
{
    private readonly FakeJobGrains _grains = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _release = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();
    private int _running;
    private int _maxRunning;
    private JobWorkerPool _pool = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var release in _release.Values)
        {
            release.TrySetResult();
        }

        await _pool.StopAsync(CancellationToken.None);
        _pool.Dispose();
    }

    private JobWorkerPool StartPool(int maxConcurrency = 8, TimeSpan? leaseRenewInterval = null)
    {
        var handler = new ScriptedJobHandler("block", async (context, token) =>
        {
            var now = Interlocked.Increment(ref _running);
            InterlockedMax(ref _maxRunning, now);
            Signal(_started, context.JobId);
            try
            {
                await Gate(_release, context.JobId).Task.WaitAsync(token);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }

            return JsonDocument.Parse("""{"done": true}""").RootElement.Clone();
        });
        var options = new JobOptions { MaxConcurrency = maxConcurrency, LeaseRenewInterval = leaseRenewInterval ?? TimeSpan.FromMinutes(1), LeaseDuration = TimeSpan.FromMinutes(3) };
        _pool = new JobWorkerPool(_grains, new JobHandlerRegistry([handler]), Options.Create(options), TimeProvider.System, new JobMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger<JobWorkerPool>.Instance);
        _pool.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return _pool;
    }

    [Fact]
    public async Task An_organization_at_its_bound_does_not_hold_up_other_organizations()
    {
        var pool = StartPool();
        pool.Dispatch("a1", "org-a", 1);
        pool.Dispatch("a2", "org-a", 1);
        pool.Dispatch("a3", "org-a", 1);
        pool.Dispatch("b1", "org-b", 1);

        await Wait.ForAsync(Gate(_started, "a1").Task, "a1 to start");
        await Wait.ForAsync(Gate(_started, "b1").Task, "b1 to start while org-a is at its bound");
        Assert.False(Gate(_started, "a2").Task.IsCompleted, "a2 must wait for a1");
        Assert.True(pool.Holds("a3"));

        Gate(_release, "a1").SetResult();
        await Wait.ForAsync(Gate(_started, "a2").Task, "a2 to start after a1 finished");
        Gate(_release, "a2").SetResult();
        Gate(_release, "b1").SetResult();
        Gate(_release, "a3").SetResult();
        await Wait.ForAsync(() => _grains.Reports.Count == 4, "all four jobs to report");

        Assert.All(_grains.Reports.Values, r => Assert.Equal(JobAttemptOutcome.Succeeded, r.Outcome));
        Assert.Equal(2, _maxRunning);
        Assert.False(pool.Holds("a3"));
    }

    [Fact]
    public async Task No_more_than_the_silo_bound_run_at_once()
    {
        var pool = StartPool(maxConcurrency: 2);
        foreach (var id in new[] { "j1", "j2", "j3", "j4" })
        {
            pool.Dispatch(id, $"org-{id}", 5);
        }

        await Wait.ForAsync(() => _running == 2, "two jobs to run");
        Assert.Equal(2, _started.Count(s => s.Value.Task.IsCompleted));
        foreach (var id in new[] { "j1", "j2", "j3", "j4" })
        {
            Gate(_release, id).SetResult();
        }

        await Wait.ForAsync(() => _grains.Reports.Count == 4, "all four jobs to report");
        Assert.Equal(2, _maxRunning);
    }

    [Fact]
    public async Task A_job_dispatched_twice_runs_once()
    {
        var pool = StartPool();
        pool.Dispatch("j1", "org-a", 1);
        pool.Dispatch("j1", "org-a", 1);
        Gate(_release, "j1").SetResult();

        await Wait.ForAsync(() => _grains.Reports.ContainsKey("j1") && !pool.Holds("j1"), "j1 to finish");
        Assert.Equal(1, _grains.Get("j1").Begun);
    }

    [Fact]
    public async Task An_attempt_over_its_timeout_is_cancelled_and_reported_timed_out()
    {
        _grains.TimeoutSeconds = 1;
        var pool = StartPool();

        pool.Dispatch("slow", "org-a", 1);

        var report = await Wait.ForAsync(_grains.Get("slow").Reported.Task, "the timed-out report");
        Assert.Equal(JobAttemptOutcome.TimedOut, report.Outcome);
        Assert.Contains("within 1 s", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_running_attempt_stops_it_and_reports_cancelled()
    {
        var pool = StartPool();
        pool.Dispatch("j1", "org-a", 1);
        await Wait.ForAsync(Gate(_started, "j1").Task, "j1 to start");

        pool.RequestCancel("j1");

        var report = await Wait.ForAsync(_grains.Get("j1").Reported.Task, "the cancelled report");
        Assert.Equal(JobAttemptOutcome.Cancelled, report.Outcome);
    }

    [Fact]
    public async Task A_cancelled_waiting_job_never_begins()
    {
        var pool = StartPool();
        pool.Dispatch("first", "org-a", 1);
        pool.Dispatch("second", "org-a", 1);
        await Wait.ForAsync(Gate(_started, "first").Task, "the first job to start");

        pool.RequestCancel("second");
        Gate(_release, "first").SetResult();
        await Wait.ForAsync(() => !pool.Holds("first"), "the first job to finish");

        Assert.False(pool.Holds("second"));
        Assert.Equal(0, _grains.Get("second").Begun);
    }

    [Fact]
    public async Task A_lease_the_grain_refuses_stops_the_attempt()
    {
        var pool = StartPool(leaseRenewInterval: TimeSpan.FromMilliseconds(50));
        pool.Dispatch("j1", "org-a", 1);
        await Wait.ForAsync(Gate(_started, "j1").Task, "j1 to start");
        await Wait.ForAsync(() => _grains.Get("j1").Renewals > 0, "a lease renewal");

        _grains.Get("j1").KeepLease = false;

        var report = await Wait.ForAsync(_grains.Get("j1").Reported.Task, "the cancelled report");
        Assert.Equal(JobAttemptOutcome.Cancelled, report.Outcome);
    }

    [Fact]
    public async Task A_stopping_silo_abandons_attempts_without_reporting_them()
    {
        var pool = StartPool();
        pool.Dispatch("j1", "org-a", 1);
        await Wait.ForAsync(Gate(_started, "j1").Task, "j1 to start");

        await pool.StopAsync(CancellationToken.None);
        pool.Dispatch("j2", "org-a", 1);

        Assert.Empty(_grains.Reports);
        Assert.False(pool.Holds("j2"));
    }

    private static TaskCompletionSource Gate(ConcurrentDictionary<string, TaskCompletionSource> gates, string id) =>
        gates.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static void Signal(ConcurrentDictionary<string, TaskCompletionSource> gates, string id) => Gate(gates, id).TrySetResult();

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>Job grains as the pool sees them: each hands out attempt 1 and records its report. The pool only
    /// asks for job grains by string key; everything else Orleans' factory offers is refused.</summary>
    private sealed class FakeJobGrains : IGrainFactory
    {
        private readonly ConcurrentDictionary<string, FakeJobGrain> _grains = new();

        public int TimeoutSeconds { get; set; } = 60;

        public ConcurrentDictionary<string, JobAttemptReport> Reports { get; } = new();

        public FakeJobGrain Get(string id) => _grains.GetOrAdd(id, key => new FakeJobGrain(key, this));

        public TGrain GetGrain<TGrain>(string primaryKey, string? grainClassNamePrefix = null) where TGrain : IGrainWithStringKey =>
            (TGrain)(object)Get(primaryKey);

        public TGrain GetGrain<TGrain>(Guid primaryKey, string? grainClassNamePrefix = null) where TGrain : IGrainWithGuidKey => throw Unexpected();

        public TGrain GetGrain<TGrain>(long primaryKey, string? grainClassNamePrefix = null) where TGrain : IGrainWithIntegerKey => throw Unexpected();

        public TGrain GetGrain<TGrain>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrain : IGrainWithGuidCompoundKey => throw Unexpected();

        public TGrain GetGrain<TGrain>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrain : IGrainWithIntegerCompoundKey => throw Unexpected();

        public TGrain GetGrain<TGrain>(GrainId grainId) where TGrain : IAddressable => throw Unexpected();

        public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => throw Unexpected();

        public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => throw Unexpected();

        public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => throw Unexpected();

        public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => throw Unexpected();

        public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => throw Unexpected();

        public IAddressable GetGrain(GrainId grainId) => throw Unexpected();

        public IAddressable GetGrain(GrainId grainId, GrainInterfaceType interfaceType) => throw Unexpected();

        public IAddressable GetGrain(Type interfaceType, IdSpan grainKey, string grainClassNamePrefix) => throw Unexpected();

        public IAddressable GetGrain(Type interfaceType, IdSpan grainKey) => throw Unexpected();

        public TObserver CreateObjectReference<TObserver>(IGrainObserver obj) where TObserver : IGrainObserver => throw Unexpected();

        public void DeleteObjectReference<TObserver>(IGrainObserver obj) where TObserver : IGrainObserver => throw Unexpected();

        private static NotSupportedException Unexpected() => new("The worker pool only asks for job grains by their string key.");
    }

    private sealed class FakeJobGrain(string id, FakeJobGrains all) : IJobGrain
    {
        private int _begun;
        private int _renewals;

        public int Begun => _begun;

        public int Renewals => _renewals;

        public volatile bool KeepLease = true;

        public TaskCompletionSource<JobAttemptReport> Reported { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<JobAttemptTicket?> BeginAttemptAsync()
        {
            Interlocked.Increment(ref _begun);
            return Task.FromResult<JobAttemptTicket?>(new JobAttemptTicket(id, "org", "block", JsonDocument.Parse("{}").RootElement, 1, all.TimeoutSeconds));
        }

        public Task<bool> RenewLeaseAsync(int attempt)
        {
            Interlocked.Increment(ref _renewals);
            return Task.FromResult(KeepLease);
        }

        public Task<bool> ReportProgressAsync(int attempt, int percent, string? message) => Task.FromResult(KeepLease);

        public Task CompleteAttemptAsync(int attempt, JobAttemptReport report)
        {
            all.Reports[id] = report;
            Reported.TrySetResult(report);
            return Task.CompletedTask;
        }

        public Task<JobView> CreateAsync(CreateJobCommand command) => throw new NotSupportedException();

        public Task<JobView> GetAsync(string organizationId) => throw new NotSupportedException();

        public Task<JobView> CancelAsync(string organizationId) => throw new NotSupportedException();
    }
}
