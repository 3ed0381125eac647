using System.Collections.Concurrent;
using System.Text.Json;
using VetrAI.Grains.Jobs;

namespace VetrAI.Grains.Tests.Jobs;

/// <summary>A job handler whose attempts do what the test says; it records every attempt it ran.</summary>
internal sealed class ScriptedJobHandler(string type, Func<JobContext, CancellationToken, Task<JsonElement?>>? run = null) : IJobHandler
{
    public string Type { get; } = type;

    public ConcurrentQueue<(string JobId, int Attempt, string IdempotencyKey)> Runs { get; } = new();

    public string? ValidatePayload(JsonElement payload) =>
        payload.TryGetProperty("invalid", out _) ? "scripted rejection" : null;

    public Task<JsonElement?> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        Runs.Enqueue((context.JobId, context.Attempt, context.IdempotencyKey));
        return run is null ? Task.FromResult<JsonElement?>(null) : run(context, cancellationToken);
    }
}
