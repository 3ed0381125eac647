using VetrAI.Grains.Abstractions.ApiKeys;

namespace VetrAI.Grains.ApiKeys;

/// <summary>Validations counted in one minute, indexed by <see cref="ApiKeyValidationCode"/>.</summary>
internal sealed record UsageMinute(DateTimeOffset Minute, long[] Counts)
{
    public const int CodeCount = (int)ApiKeyValidationCode.UsageExceeded + 1;

    public long Valid => Counts[(int)ApiKeyValidationCode.Valid];

    public long Rejected
    {
        get
        {
            long rejected = 0;
            for (var code = 1; code < CodeCount; code++)
            {
                rejected += Counts[code];
            }

            return rejected;
        }
    }
}

/// <summary>Per-minute validation counts kept in memory until the next flush. Counting is an array
/// increment; a new array is allocated once per minute with traffic.</summary>
internal sealed class UsageCounter
{
    private readonly Dictionary<long, long[]> _pending = [];
    private long _currentMinute = long.MinValue;
    private long[]? _current;

    public bool IsEmpty => _pending.Count == 0;

    public void Add(long nowTicks, ApiKeyValidationCode code)
    {
        var minute = nowTicks - (nowTicks % TimeSpan.TicksPerMinute);
        if (_current is null || minute != _currentMinute)
        {
            if (!_pending.TryGetValue(minute, out _current))
            {
                _current = new long[UsageMinute.CodeCount];
                _pending.Add(minute, _current);
            }

            _currentMinute = minute;
        }

        _current[(int)code]++;
    }

    /// <summary>Takes everything counted so far, oldest minute first.</summary>
    public IReadOnlyList<UsageMinute> Drain()
    {
        if (_pending.Count == 0)
        {
            return [];
        }

        var minutes = _pending
            .OrderBy(p => p.Key)
            .Select(p => new UsageMinute(new DateTimeOffset(p.Key, TimeSpan.Zero), p.Value))
            .ToArray();
        _pending.Clear();
        _current = null;
        return minutes;
    }

    /// <summary>Puts back what a failed flush took, adding to anything counted since.</summary>
    public void Restore(IReadOnlyList<UsageMinute> minutes)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        foreach (var minute in minutes)
        {
            var ticks = minute.Minute.UtcTicks;
            if (_pending.TryGetValue(ticks, out var counts))
            {
                for (var code = 0; code < UsageMinute.CodeCount; code++)
                {
                    counts[code] += minute.Counts[code];
                }
            }
            else
            {
                _pending.Add(ticks, minute.Counts);
            }
        }

        _current = null;
    }
}
