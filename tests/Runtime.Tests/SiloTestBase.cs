using Microsoft.Extensions.DependencyInjection;
using VetrAI.TestSupport;

namespace VetrAI.Runtime.Tests;

/// <summary>Each test gets a fresh database; silos started through <see cref="StartSiloAsync"/> are
/// stopped after the test.</summary>
public abstract class SiloTestBase : IAsyncLifetime
{
    private readonly List<TestSilo> _silos = [];
    private TestDatabase? _database;

    protected string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("rt");

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    internal async Task<TestSilo> StartSiloAsync(Action<SiloOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var silo = await TestSilo.StartAsync(ConnectionString, configure, services);
        _silos.Add(silo);
        return silo;
    }

    internal TestSilo BuildSilo(Action<SiloOptions>? configure = null)
    {
        var silo = TestSilo.Build(ConnectionString, configure);
        _silos.Add(silo);
        return silo;
    }
}
