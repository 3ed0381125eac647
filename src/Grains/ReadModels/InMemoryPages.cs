namespace VetrAI.Grains.ReadModels;

/// <summary>Paging over a list a grain holds in its state (invoices seen, an inbox), newest first: the position is
/// the id of the last item of the previous page.</summary>
internal static class InMemoryPages
{
    /// <summary>Up to <paramref name="limit"/> items after the one whose id is <paramref name="after"/> (from the first
    /// when null, none when that id is gone), and the id to continue after, or null on the last page.</summary>
    public static (IReadOnlyList<T> Items, string? NextAfter) After<T>(IReadOnlyList<T> items, Func<T, string> id, string? after, int limit)
    {
        var start = 0;
        if (after is not null)
        {
            start = items.Count;
            for (var i = 0; i < items.Count; i++)
            {
                if (string.Equals(id(items[i]), after, StringComparison.Ordinal))
                {
                    start = i + 1;
                    break;
                }
            }
        }

        var page = items.Skip(start).Take(limit).ToList();
        return (page, page.Count > 0 && start + page.Count < items.Count ? id(page[^1]) : null);
    }
}
