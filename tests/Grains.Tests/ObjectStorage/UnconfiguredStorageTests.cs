using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.ObjectStorage;

namespace VetrAI.Grains.Tests.ObjectStorage;

public sealed class UnconfiguredStorageTests
{
    [Fact]
    public async Task Without_an_endpoint_every_operation_is_unavailable_and_nothing_is_called()
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddVetrAIObjectStorage()
            .BuildServiceProvider();
        var storage = services.GetRequiredService<IObjectStorage>();
        var key = ObjectKey.Create("org", "x");

        var error = await Assert.ThrowsAsync<ServiceUnavailableException>(() => storage.UploadAsync(key, new MemoryStream([1]), "text/plain", 10, CancellationToken.None));
        Assert.Contains("VETRAI_S3_ENDPOINT", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ServiceUnavailableException>(() => storage.OpenReadAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ServiceUnavailableException>(() => storage.ListAsync("org", "", CancellationToken.None));
    }
}
