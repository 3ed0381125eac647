using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VetrAI.Grains.ApiKeys;
using VetrAI.Runtime;
using VetrAI.TestSupport;

namespace VetrAI.Grains.Tests.ApiKeys;

/// <summary>A silo hosting the API-key grains on a fresh database, restartable on the same database.</summary>
internal sealed class ApiKeySilo : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private IHost? _host;

    private ApiKeySilo(TestDatabase database) => _database = database;

    public FakeOrganizations Organizations { get; } = new();

    public ShiftedClock Clock { get; } = new();

    public IGrainFactory Grains => _host!.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host!.Services;

    public static async Task<ApiKeySilo> StartAsync()
    {
        var silo = new ApiKeySilo(await TestDatabase.CreateAsync("keys"));
        await silo.StartHostAsync();
        return silo;
    }

    /// <summary>Stops the host (every activation is deactivated, so in-memory usage is flushed) and starts a new one.</summary>
    public async Task RestartAsync()
    {
        await StopHostAsync();
        await StartHostAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopHostAsync();
        await _database.DisposeAsync();
    }

    private async Task StartHostAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddSingleton<IOrganizationLimitsReader>(Organizations);
        builder.Services
            .AddVetrAISilo(o => o.ConnectionString = _database.ConnectionString)
            .AddVetrAIGrains();
        builder.Services.Configure<ApiKeysOptions>(o => o.UsageFlushInterval = TimeSpan.FromSeconds(1));
        _host = builder.Build();
        await _host.StartAsync();
    }

    private async Task StopHostAsync()
    {
        if (_host is null)
        {
            return;
        }

        await _host.StopAsync();
        _host.Dispose();
        _host = null;
    }
}
