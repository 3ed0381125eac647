using Microsoft.Extensions.Hosting;

namespace VetrAI.Runtime.Tests;

public interface IBadGrain : IGrainWithStringKey
{
    int Compute();

    Task DoAsync(int value);

    Task DoAsync(string value);
}

internal sealed class BadGrain : Grain, IBadGrain
{
    public int Compute() => 0;

    public Task DoAsync(int value) => Task.CompletedTask;

    public Task DoAsync(string value) => Task.CompletedTask;
}

public sealed class ValidationTests
{
    [Fact]
    public async Task An_invalid_grain_interface_stops_the_silo_from_starting_with_every_problem_named()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddVetrAISilo(o => o.ConnectionString = "Host=127.0.0.1;Port=1").AddGrain<IBadGrain, BadGrain>();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("IBadGrain", error.Message, StringComparison.Ordinal);
        Assert.Contains("Compute returns Int32", error.Message, StringComparison.Ordinal);
        Assert.Contains("DoAsync: overloads are not allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_settings_are_reported_by_name()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddVetrAISilo(o => o.CallTimeout = TimeSpan.Zero);
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("VETRAI_DATABASE_URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("CallTimeout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://app:s%40cret@db.example:5433/vetrai?sslmode=require", "Host=db.example;Port=5433;Username=app;Password=s@cret;Database=vetrai;SSL Mode=Require")]
    [InlineData("postgresql://app@db/vetrai", "Host=db;Username=app;Database=vetrai")]
    [InlineData("Host=x;Database=y", "Host=x;Database=y")]
    public void Postgres_urls_become_npgsql_connection_strings(string input, string expected) =>
        Assert.Equal(expected, Storage.GrainDataSource.ToNpgsqlConnectionString(input));
}
