using System.Buffers.Text;
using System.Globalization;
using System.Text;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.ReadModels;

namespace VetrAI.ApiFrontend.Paging;

/// <summary>A position in a list ordered newest first: the last item's creation time and id (the tie-breaker).</summary>
public readonly record struct Cursor(DateTimeOffset CreatedAt, string Id)
{
    /// <summary>The opaque form handed to clients as <c>next_cursor</c>.</summary>
    public string Encode()
    {
        var micros = (CreatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{micros.ToString(CultureInfo.InvariantCulture)}:{Id}"));
    }

    /// <summary>Reads a cursor a client sent back.</summary>
    public static bool TryDecode(string value, out Cursor cursor)
    {
        cursor = default;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == text.Length - 1
                || !long.TryParse(text.AsSpan(0, colon), NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros))
            {
                return false;
            }

            var id = text[(colon + 1)..];
            if (id.AsSpan().ContainsAnyInRange('\u0000', '\u001f'))
            {
                return false;
            }

            cursor = new Cursor(DateTimeOffset.UnixEpoch.AddTicks(checked(micros * 10)), id);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}

/// <summary>The <c>limit</c> and <c>cursor</c> query parameters of a list endpoint, checked.</summary>
/// <param name="Limit">How many items (1 to <see cref="MaxLimit"/>, default <see cref="DefaultLimit"/>).</param>
/// <param name="After">Continue after this position, or from the newest when null.</param>
public sealed record PageRequest(int Limit, Cursor? After)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>Parses the raw query values (taken as strings so that a bad value gets our message, not the binder's).</summary>
    /// <exception cref="InvalidInputException">A value is malformed or out of range.</exception>
    public static PageRequest Parse(string? limit, string? cursor)
    {
        var size = DefaultLimit;
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            throw new InvalidInputException($"limit must be a whole number from 1 to {MaxLimit}.");
        }

        Cursor? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            after = Cursor.TryDecode(cursor, out var decoded)
                ? decoded
                : throw new InvalidInputException("cursor is not valid; pass the next_cursor of a previous page.");
        }

        return new PageRequest(size, after);
    }

    /// <summary>The same request as the read models take it.</summary>
    public PageQuery ToQuery() => new(Limit, After is { } after ? new ListPosition(after.CreatedAt, after.Id) : null);
}

/// <summary>One page of a list: <c>{"items": [...], "next_cursor": "..." | null}</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor)
{
    /// <summary>The page a read model answered, its items turned into responses by <paramref name="response"/>.</summary>
    public static Page<T> From<TItem>(ListPage<TItem> page, Func<TItem, T> response)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new([.. page.Items.Select(response)], page.Next is { } next ? new Cursor(next.CreatedAt, next.Id).Encode() : null);
    }

    /// <summary>A page a grain answered from a list in its state: <paramref name="hasMore"/> says whether one follows,
    /// whose cursor is the last item's <paramref name="position"/>.</summary>
    public static Page<T> From(IReadOnlyList<T> items, bool hasMore, Func<T, Cursor> position)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(items, hasMore && items.Count > 0 ? position(items[^1]).Encode() : null);
    }
}
