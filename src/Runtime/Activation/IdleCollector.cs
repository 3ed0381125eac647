using Microsoft.Extensions.Logging;

namespace VetrAI.Runtime.Activation;

/// <summary>Every collection quantum, deactivates the activations idle longer than the collection age.</summary>
internal sealed partial class IdleCollector(ActivationCatalog catalog, ILogger<IdleCollector> logger)
{
    private CancellationTokenSource? _stop;
    private Task? _loop;

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _loop = RunAsync(_stop.Token);
    }

    public async Task StopAsync()
    {
        if (_stop is null || _loop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(catalog.Options.CollectionQuantum);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await catalog.CollectIdleAsync();
                }
                catch (Exception ex)
                {
                    LogCollectionFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idle activation collection failed")]
    private static partial void LogCollectionFailed(ILogger logger, Exception exception);
}
