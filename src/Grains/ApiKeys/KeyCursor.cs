using System.Globalization;
using VetrAI.Grains.Abstractions.ReadModels;

namespace VetrAI.Grains.ApiKeys;

/// <summary>The key list's cursor: the last key's stored creation time (microseconds, as PostgreSQL keeps it) and id.
/// Opaque to clients.</summary>
internal static class KeyCursor
{
    public static string Encode(ListPosition position)
    {
        var micros = (position.CreatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        return $"{micros.ToString(CultureInfo.InvariantCulture)}.{position.Id}";
    }

    public static ListPosition? TryDecode(string cursor)
    {
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == cursor.Length - 1
            || !long.TryParse(cursor.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            || micros > (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10
            || cursor.AsSpan(dot + 1).ContainsAnyInRange('\u0000', '\u001f'))
        {
            return null;
        }

        return new ListPosition(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), cursor[(dot + 1)..]);
    }
}
