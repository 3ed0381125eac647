using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VetrAI.Runtime.Activation;
using VetrAI.Runtime.Diagnostics;
using VetrAI.Runtime.Reminders;
using VetrAI.Runtime.Storage;

namespace VetrAI.Runtime.Hosting;

/// <summary>Starts the silo (migrate the schema, then collect idle activations and poll reminders) and
/// stops it gracefully: no more reminder deliveries, no new activations, every activation deactivated
/// (and so its state flushed) before the host goes on stopping.</summary>
internal sealed partial class SiloLifecycle(
    SchemaMigrator migrator,
    ActivationCatalog catalog,
    ReminderPoller reminderPoller,
    IdleCollector idleCollector,
    ILogger<SiloLifecycle> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        RuntimeInstruments.Track(catalog);
        idleCollector.Start();
        reminderPoller.Start();
        LogStarted(logger);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        LogStopping(logger, catalog.Count);
        await reminderPoller.StopAsync();
        await idleCollector.StopAsync();
        await catalog.StopAsync(cancellationToken);
        RuntimeInstruments.Untrack(catalog);
        LogStopped(logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo started")]
    private static partial void LogStarted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo stopping: deactivating {Count} activations")]
    private static partial void LogStopping(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo stopped")]
    private static partial void LogStopped(ILogger logger);
}
