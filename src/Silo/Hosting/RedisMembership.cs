using Orleans.Clustering.Redis;
using StackExchange.Redis;

namespace VetrAI.Silo.Hosting;

/// <summary>Membership in Redis (Orleans.Clustering.Redis), shared by silos and clients.</summary>
internal static class RedisMembership
{
    public static void Configure(RedisClusteringOptions options, ClusterSettings cluster)
    {
        ConfigurationOptions redis;
        try
        {
            redis = ConfigurationOptions.Parse(cluster.Redis);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"{ClusterSettings.RedisSetting} '{cluster.Redis}' is not a Redis configuration string: {exception.Message}", exception);
        }

        options.ConfigurationOptions = redis;
        options.CreateMultiplexer = async o =>
        {
            try
            {
                return (await ConnectionMultiplexer.ConnectAsync(o.ConfigurationOptions!), false);
            }
            catch (RedisConnectionException exception)
            {
                throw new InvalidOperationException(
                    $"Cannot reach the membership Redis at {cluster.Redis} ({ClusterSettings.RedisSetting}): {exception.Message}", exception);
            }
        };
    }
}
