namespace VetrAI.StripeStandIn.Accounts;

/// <summary>One kind of object of one account, by id and in creation order (lists are newest first).</summary>
internal sealed class ObjectStore<T>(Func<T, string> id)
{
    private readonly Dictionary<string, T> _byId = new(StringComparer.Ordinal);
    private readonly List<T> _ordered = [];

    public int Count => _ordered.Count;

    public void Add(T item)
    {
        _byId.Add(id(item), item);
        _ordered.Add(item);
    }

    public bool Remove(string key)
    {
        if (!_byId.Remove(key, out var item))
        {
            return false;
        }

        _ordered.Remove(item);
        return true;
    }

    public T? Find(string key) => _byId.GetValueOrDefault(key);

    public IEnumerable<T> OldestFirst => _ordered;

    public List<T> NewestFirst(Func<T, bool>? where = null)
    {
        var list = new List<T>(_ordered.Count);
        for (var i = _ordered.Count - 1; i >= 0; i--)
        {
            if (where is null || where(_ordered[i]))
            {
                list.Add(_ordered[i]);
            }
        }

        return list;
    }
}
