namespace VetrAI.Runtime.Tests.Grains;

public interface ICopyGrain : IGrainWithStringKey
{
    Task StoreListAsync(List<string> items);

    Task<int> GetListCountAsync();

    Task<bool> IsStoredListAsync(List<string> items);

    Task<List<string>> GetListAsync();

    Task StoreBoxAsync(ImmutableBox box);

    Task<bool> IsStoredBoxAsync(ImmutableBox box);

    /// <summary>Calls the grain it was given a reference to.</summary>
    Task<string> ReadThroughAsync(IStateGrain other);
}

internal sealed class CopyGrain : Grain, ICopyGrain
{
    private List<string> _items = [];
    private ImmutableBox? _box;

    public Task StoreListAsync(List<string> items)
    {
        _items = items;
        return Task.CompletedTask;
    }

    public Task<int> GetListCountAsync() => Task.FromResult(_items.Count);

    public Task<bool> IsStoredListAsync(List<string> items) => Task.FromResult(ReferenceEquals(items, _items));

    public Task<List<string>> GetListAsync() => Task.FromResult(_items);

    public Task StoreBoxAsync(ImmutableBox box)
    {
        _box = box;
        return Task.CompletedTask;
    }

    public Task<bool> IsStoredBoxAsync(ImmutableBox box) => Task.FromResult(ReferenceEquals(box, _box));

    public Task<string> ReadThroughAsync(IStateGrain other) => other.GetAsync();
}
