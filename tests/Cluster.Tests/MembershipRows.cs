using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace VetrAI.Cluster.Tests;

/// <summary>One silo incarnation's row in the membership hash, as Orleans.Clustering.Redis wrote it.</summary>
public sealed record MembershipRow(int Port, int Generation, SiloStatus Status, int ProxyPort, DateTimeOffset IAmAliveTime)
{
    public override string ToString() => $"{Port}@{Generation}={Status}";
}

/// <summary>Reads the membership table straight from Redis: the hash <c>{ServiceId}/members/{ClusterId}</c> holds a
/// <c>Version</c> field and one JSON row per silo incarnation. What Redis says is what every member acts on, so
/// the tests read it there rather than through any member's view.</summary>
public sealed class MembershipRows(IConnectionMultiplexer redis, string serviceId, string clusterId)
{
    private readonly RedisKey _key = $"{serviceId}/members/{clusterId}";

    public async Task<IReadOnlyList<MembershipRow>> ReadAsync()
    {
        var fields = await redis.GetDatabase().HashGetAllAsync(_key);
        return [.. fields.Where(f => f.Name != "Version").Select(f => Parse(f.Value.ToString()))];
    }

    /// <summary>The status of the newest incarnation on <paramref name="port"/>, or null when none has a row.</summary>
    public async Task<SiloStatus?> StatusOfAsync(int port) =>
        (await ReadAsync()).Where(r => r.Port == port).OrderByDescending(r => r.Generation).Select(r => (SiloStatus?)r.Status).FirstOrDefault();

    public async Task<int> ActiveCountAsync() => (await ReadAsync()).Count(r => r.Status == SiloStatus.Active);

    private static MembershipRow Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var row = document.RootElement;
        // "127.0.0.1:11111@154988909"
        var address = row.GetProperty("SiloAddress").GetProperty("SiloAddress").GetString()!;
        var at = address.LastIndexOf('@');
        var colon = address.LastIndexOf(':', at);
        return new MembershipRow(
            int.Parse(address[(colon + 1)..at], CultureInfo.InvariantCulture),
            int.Parse(address[(at + 1)..], CultureInfo.InvariantCulture),
            (SiloStatus)row.GetProperty("Status").GetInt32(),
            row.GetProperty("ProxyPort").GetInt32(),
            row.GetProperty("IAmAliveTime").GetDateTimeOffset());
    }
}
