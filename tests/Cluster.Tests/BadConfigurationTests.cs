using System.Globalization;
using VetrAI.Silo.Hosting;
using VetrAI.TestSupport;

namespace VetrAI.Cluster.Tests;

/// <summary>The production silo (src/Silo) started with a missing or unreachable Redis or database: it exits non-zero
/// within a bounded time and says which setting to fix.</summary>
public sealed class BadConfigurationTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_silo_without_a_usable_Redis_or_database_or_with_a_bad_setting_exits_non_zero_at_start_naming_the_setting()
    {
        await using var database = await TestDatabase.CreateAsync("badconfig");
        var unused = TestPorts.Take(1)[0].ToString(CultureInfo.InvariantCulture);
        var cases = new (string Case, string Setting, Dictionary<string, string?> Changes)[]
        {
            ("no Redis", ClusterSettings.RedisSetting, new() { [ClusterSettings.RedisSetting] = null }),
            // The Redis client gives up on a server it cannot reach after its connect timeout (5 s unless set), and
            // Orleans tries twice: a shorter one keeps the test short, the path is the same.
            ("Redis unreachable", ClusterSettings.RedisSetting,
                new() { [ClusterSettings.RedisSetting] = $"127.0.0.1:{unused},connectTimeout=1000" }),
            ("no database", DatabaseConnectionString.Setting, new() { [DatabaseConnectionString.Setting] = null }),
            ("database unreachable", DatabaseConnectionString.Setting,
                new() { [DatabaseConnectionString.Setting] = $"Host=127.0.0.1;Port={unused};Username=postgres;Database=postgres" }),
            ("malformed billing setting", "VETRAI_BILLING_GRACE_PERIOD", new() { ["VETRAI_BILLING_GRACE_PERIOD"] = "a week" }),
            ("Stripe without prices", "VETRAI_STRIPE_PRICE_PRO", new() { ["VETRAI_STRIPE_SECRET_KEY"] = "sk_test_no_prices" }),
        };
        var processes = new List<ClusterProcess>();
        try
        {
            // All at once: the slowest (an unreachable Redis) sets the pace.
            foreach (var (name, _, changes) in cases)
            {
                processes.Add(ClusterProcess.Start(name, BuiltApps.Silo, Settings(database.ConnectionString, changes)));
            }

            foreach (var ((name, setting, _), process) in cases.Zip(processes))
            {
                Assert.True(await process.WaitForExitAsync(ExitTimeout), $"{name}: the silo still runs after {ExitTimeout.TotalSeconds} s:\n{process.Tail(20)}");
                Assert.True(process.ExitCode != 0, $"{name}: exit code 0");
                Assert.True(process.Output.Contains(setting, StringComparison.Ordinal), $"{name}: the output does not name {setting}:\n{process.Output}");
            }
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    private static Dictionary<string, string> Settings(string databaseUrl, Dictionary<string, string?> changes)
    {
        var ports = TestPorts.Take(2);
        var environment = new Dictionary<string, string?>
        {
            [ClusterSettings.RedisSetting] = TestRedis.Configuration,
            [DatabaseConnectionString.Setting] = databaseUrl,
            [ClusterSettings.ClusterIdSetting] = TestRedis.NewClusterId(),
            [ClusterSettings.ServiceIdSetting] = TestCluster.ServiceId,
            [ClusterSettings.AdvertisedAddressSetting] = "127.0.0.1",
            [ClusterSettings.SiloPortSetting] = ports[0].ToString(CultureInfo.InvariantCulture),
            [ClusterSettings.GatewayPortSetting] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["DOTNET_gcServer"] = "0",
        };
        foreach (var (key, value) in changes)
        {
            environment[key] = value;
        }

        return environment.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!);
    }
}
