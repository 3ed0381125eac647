using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VetrAI.Runtime.Tests.Grains;

namespace VetrAI.Runtime.Tests;

/// <summary>A host running one silo with every test grain, over the given database, with test timings.</summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public Probe Probe => _host.Services.GetRequiredService<Probe>();

    public static async Task<TestSilo> StartAsync(string connectionString, Action<SiloOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var silo = Build(connectionString, configure, services);
        await silo._host.StartAsync();
        return silo;
    }

    public static TestSilo Build(string connectionString, Action<SiloOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<Probe>();
        services?.Invoke(builder.Services);
        builder.Services.AddVetrAISilo(options =>
            {
                options.ConnectionString = connectionString;
                options.CollectionAge = TimeSpan.FromMinutes(10);
                options.CollectionQuantum = TimeSpan.FromMinutes(1);
                options.ReminderPollInterval = TimeSpan.FromMilliseconds(50);
                options.ReminderLease = TimeSpan.FromSeconds(5);
                options.CallTimeout = TimeSpan.FromSeconds(30);
                configure?.Invoke(options);
            })
            .AddGrain<ICounterGrain, CounterGrain>()
            .AddGrain<IMeetingGrain, MeetingGrain>()
            .AddGrain<IReentrantMeetingGrain, ReentrantMeetingGrain>()
            .AddGrain<IStateGrain, StateGrain>()
            .AddGrain<IDirtyGrain, DirtyGrain>()
            .AddGrain<IFaultyGrain, FaultyGrain>()
            .AddGrain<ICopyGrain, CopyGrain>()
            .AddGrain<IReminderGrain, ReminderGrain>()
            .AddGrain<ITimerGrain, TimerGrain>()
            .AddGrain<ILifecycleGrain, LifecycleGrain>()
            .AddGrain<IIndexedGrain, IndexedGrain>();
        return new TestSilo(builder.Build());
    }

    public Task StartAsync() => _host.StartAsync();

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

/// <summary>Waits for a condition with a deadline; the failure says what was awaited.</summary>
internal static class Eventually
{
    public static Task WaitAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitAsync(() => Task.FromResult(condition()), what, timeout);

    public static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }

    public static async Task<T> WithDeadline<T>(this Task<T> task, string what, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Timed out waiting for {what}.");
        }
    }

    public static async Task WithDeadline(this Task task, string what, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Timed out waiting for {what}.");
        }
    }
}
