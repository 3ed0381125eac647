using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VetrAI.Grains.Jobs;
using VetrAI.Grains.ObjectStorage;
using VetrAI.Grains.Tests.ObjectStorage;
using VetrAI.Runtime;

namespace VetrAI.Grains.Tests;

/// <summary>A host running one silo with every VetrAI grain over a test database and the test s3rver,
/// with test-sized timings. Several may run one after the other on one database (restarts).</summary>
internal sealed class TestGrainSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestGrainSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<TestGrainSilo> StartAsync(
        string connectionString, string bucket, Action<IServiceCollection>? services = null, Action<JobOptions>? jobs = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        services?.Invoke(builder.Services);
        builder.Services.AddVetrAIObjectStorage(o => S3TestStorage.Configure(o, bucket));
        builder.Services.AddVetrAISilo(options =>
            {
                options.ConnectionString = connectionString;
                options.ReminderPollInterval = TimeSpan.FromMilliseconds(50);
                options.ReminderLease = TimeSpan.FromSeconds(5);
            })
            .AddVetrAIGrains();
        builder.Services.Configure<JobOptions>(o =>
        {
            o.BackoffBase = TimeSpan.FromMilliseconds(300);
            o.BackoffMax = TimeSpan.FromSeconds(2);
            o.LeaseDuration = TimeSpan.FromSeconds(2);
            o.LeaseRenewInterval = TimeSpan.FromMilliseconds(250);
            o.WebhooksMayReachPrivateNetworks = true;
            jobs?.Invoke(o);
        });
        var silo = new TestGrainSilo(builder.Build());
        await silo._host.StartAsync();
        return silo;
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
