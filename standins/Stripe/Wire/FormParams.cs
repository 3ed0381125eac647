using System.Globalization;

namespace VetrAI.StripeStandIn.Wire;

/// <summary>Request parameters in Stripe's bracket notation (<c>items[0][price]</c>, <c>metadata[key]</c>,
/// <c>enabled_events[]</c>), from a form-encoded body or a query string.</summary>
internal sealed class FormParams
{
    private readonly Dictionary<string, string> _values;

    public FormParams(IEnumerable<KeyValuePair<string, string>> values)
    {
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
        var arrayIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            // "a[]" is a list item with an implicit index, as curl users write it.
            var normalized = key;
            if (key.EndsWith("[]", StringComparison.Ordinal))
            {
                var name = key[..^2];
                arrayIndex.TryGetValue(name, out var next);
                arrayIndex[name] = next + 1;
                normalized = $"{name}[{next.ToString(CultureInfo.InvariantCulture)}]";
            }

            _values[normalized] = value;
        }
    }

    public static FormParams From(IFormCollection form) =>
        new(form.SelectMany(pair => pair.Value.Select(v => new KeyValuePair<string, string>(pair.Key, v ?? ""))));

    public static FormParams From(IQueryCollection query) =>
        new(query.SelectMany(pair => pair.Value.Select(v => new KeyValuePair<string, string>(pair.Key, v ?? ""))));

    public static FormParams Empty { get; } = new([]);

    /// <summary>The parameters in a canonical order, to compare two requests under one idempotency key.</summary>
    public string Fingerprint => string.Join('&', _values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    public bool Has(string key) => _values.ContainsKey(key) || _values.Keys.Any(k => k.StartsWith(key + "[", StringComparison.Ordinal));

    public string? Get(string key) => _values.TryGetValue(key, out var value) ? value : null;

    public long? GetLong(string key)
    {
        var text = Get(key);
        if (text is null or "")
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw StripeError.Invalid($"Invalid integer: {text}", key);
    }

    public bool? GetBool(string key) => Get(key) switch
    {
        null or "" => null,
        "true" => true,
        "false" => false,
        var other => throw StripeError.Invalid($"Invalid boolean: {other}", key),
    };

    /// <summary>The entries of a hash parameter such as <c>metadata[...]</c>; an empty value (Stripe's way
    /// to unset a key) is kept as "".</summary>
    public Dictionary<string, string>? GetMap(string key)
    {
        var prefix = key + "[";
        Dictionary<string, string>? map = null;
        foreach (var (name, value) in _values)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(']') && name.IndexOf('[', prefix.Length) < 0)
            {
                map ??= new Dictionary<string, string>(StringComparer.Ordinal);
                map[name[prefix.Length..^1]] = value;
            }
        }

        // "metadata=" (empty) clears every key.
        if (map is null && _values.TryGetValue(key, out var whole) && whole.Length == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        return map;
    }

    /// <summary>The items of a list of hashes (<c>items[0][price]</c>, <c>items[1][price]</c>), in index order.</summary>
    public List<FormParams> GetList(string key)
    {
        var prefix = key + "[";
        var items = new SortedDictionary<int, List<KeyValuePair<string, string>>>();
        foreach (var (name, value) in _values)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var close = name.IndexOf(']', prefix.Length);
            if (close < 0 || !int.TryParse(name.AsSpan(prefix.Length, close - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                continue;
            }

            var rest = name[(close + 1)..];
            if (!items.TryGetValue(index, out var entries))
            {
                items[index] = entries = [];
            }

            // "items[0][price]" becomes "price" within item 0; a plain list ("enabled_events[0]") becomes "".
            var inner = rest.Length == 0 ? "" : rest.StartsWith('[') ? rest[1..].Replace("][", "[", StringComparison.Ordinal) : rest;
            if (inner.EndsWith(']') && !inner.Contains('[', StringComparison.Ordinal))
            {
                inner = inner[..^1];
            }

            entries.Add(new(inner, value));
        }

        return [.. items.Values.Select(entries => new FormParams(entries))];
    }

    /// <summary>A list of strings (<c>enabled_events[0]=...</c>).</summary>
    public List<string>? GetStrings(string key)
    {
        var list = GetList(key);
        return list.Count == 0 && !_values.ContainsKey(key) ? null : [.. list.Select(item => item.Get("") ?? "")];
    }

    /// <summary>A nested hash parameter (<c>subscription_data[metadata][k]</c> → <c>metadata[k]</c>).</summary>
    public FormParams Nested(string key)
    {
        var prefix = key + "[";
        var inner = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in _values)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var close = name.IndexOf(']', prefix.Length);
            if (close < 0)
            {
                continue;
            }

            inner.Add(new(name[prefix.Length..close] + name[(close + 1)..], value));
        }

        return new FormParams(inner);
    }
}
