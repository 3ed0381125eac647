namespace VetrAI.Runtime.Tests.Grains;

public sealed class TestDomainException : Exception
{
    public TestDomainException(string message) : base(message) { }

    public TestDomainException() { }

    public TestDomainException(string message, Exception inner) : base(message, inner) { }
}

public interface IFaultyGrain : IGrainWithStringKey
{
    Task ThrowAsync(string message);

    ValueTask<int> ThrowSynchronouslyAsync(string message);

    Task<string> WaitForCancellationAsync(CancellationToken cancellationToken);

    /// <summary>Ignores cancellation and runs until the test opens the named gate of the host's <see cref="Probe"/>.</summary>
    Task HoldAsync(string gate);

    Task<string> PingAsync();
}

internal sealed class FaultyGrain(Probe probe) : Grain, IFaultyGrain
{
    public async Task ThrowAsync(string message)
    {
        await Task.Yield();
        throw new TestDomainException(message);
    }

    public ValueTask<int> ThrowSynchronouslyAsync(string message) => throw new ArgumentException(message);

    public async Task<string> WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        return "never";
    }

    public Task HoldAsync(string gate) => probe.Gate(gate);

    public Task<string> PingAsync() => Task.FromResult("pong");
}
