using VetrAI.Grains.Abstractions.ApiKeys;

namespace VetrAI.Grains.Tests.ApiKeys;

/// <summary>The validation path's hand-made key grain references, against a real cluster's grain factory.</summary>
public sealed class KeyGrainReferenceTests(ApiKeyClusterFixture silo) : IClassFixture<ApiKeyClusterFixture>
{
    [Fact]
    public async Task References_made_on_many_threads_are_typed_and_reach_the_key_grain_Orleans_would_call()
    {
        var hashes = Enumerable.Range(0, 64).Select(_ => ApiKeySecrets.Hash(ApiKeySecrets.Create())).ToList();

        var made = await Task.WhenAll(hashes.Select(hash => Task.Run(() => silo.Grains.GetApiKeyGrain(hash))));

        for (var i = 0; i < hashes.Count; i++)
        {
            Assert.Equal(((GrainReference)silo.Grains.GetGrain<IApiKeyGrain>(hashes[i])).GrainId, ((GrainReference)made[i]).GrainId);
        }

        var verdicts = await Task.WhenAll(made.Select(key => key.ValidateAsync(null, 1).AsTask()));
        Assert.All(verdicts, verdict => Assert.Equal(ApiKeyValidationCode.NotFound, verdict.Code));
    }
}
