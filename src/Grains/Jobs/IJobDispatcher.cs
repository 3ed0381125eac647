namespace VetrAI.Grains.Jobs;

/// <summary>The silo's worker pool as a job grain sees it: handing work over never waits.</summary>
internal interface IJobDispatcher
{
    /// <summary>Queues the job for a worker; a job already held here is not queued twice.</summary>
    void Dispatch(string jobId, string organizationId, int organizationConcurrency);

    /// <summary>Whether this silo's pool holds the job (waiting for a worker or running).</summary>
    bool Holds(string jobId);

    /// <summary>Drops the job if it waits for a worker; asks its running attempt to stop.</summary>
    void RequestCancel(string jobId);
}
