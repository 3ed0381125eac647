using System.Diagnostics.Metrics;
using VetrAI.Grains.Abstractions.Jobs;
using VetrAI.Grains.Telemetry;

namespace VetrAI.Grains.Jobs;

/// <summary>Job attempts by type and outcome, how long they ran, and the silo's worker pool's queue.</summary>
internal sealed class JobMetrics
{
    private const string TypeTag = "vetrai.job.type";
    private const string OutcomeTag = "vetrai.job.outcome";

    private readonly Meter _meter;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _duration;

    public JobMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(VetrAIMeter.Name);
        _attempts = _meter.CreateCounter<long>("vetrai.job.attempts", "{attempt}", "Job attempts that ended, by job type and outcome.");
        _duration = _meter.CreateHistogram(
            "vetrai.job.attempt.duration",
            "s",
            "How long job attempts ran, by job type and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900] });
    }

    public void AttemptEnded(string type, JobAttemptOutcome outcome, TimeSpan took)
    {
        var tags = new System.Diagnostics.TagList { { TypeTag, type }, { OutcomeTag, OutcomeName(outcome) } };
        _attempts.Add(1, tags);
        _duration.Record(took.TotalSeconds, tags);
    }

    /// <summary>Reports the pool's queue: jobs due and waiting for a worker, and jobs running, on this silo.</summary>
    public void ObserveQueue(Func<int> waiting, Func<int> running)
    {
        _meter.CreateObservableUpDownCounter("vetrai.job.queue.depth", waiting, "{job}", "Due jobs this silo holds that wait for a free worker.");
        _meter.CreateObservableUpDownCounter("vetrai.job.running", running, "{job}", "Job attempts running on this silo.");
    }

    private static string OutcomeName(JobAttemptOutcome outcome) => outcome switch
    {
        JobAttemptOutcome.Succeeded => "succeeded",
        JobAttemptOutcome.Failed => "failed",
        JobAttemptOutcome.TimedOut => "timed_out",
        JobAttemptOutcome.Cancelled => "cancelled",
        _ => "lost",
    };
}
