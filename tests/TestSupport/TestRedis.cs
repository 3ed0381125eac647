namespace VetrAI.TestSupport;

/// <summary>The Redis server ./test.sh started for cluster membership.</summary>
public static class TestRedis
{
    /// <summary>Its StackExchange.Redis configuration string, from VETRAI_TEST_REDIS_URL.</summary>
    public static string Configuration =>
        Environment.GetEnvironmentVariable("VETRAI_TEST_REDIS_URL")
        ?? throw new InvalidOperationException(
            "VETRAI_TEST_REDIS_URL is not set: run the tests with ./test.sh, which starts Redis and sets it.");

    /// <summary>A cluster id no other test host uses, so test clusters sharing the Redis never see each other.</summary>
    public static string NewClusterId() => $"test-{Guid.NewGuid():N}";
}
