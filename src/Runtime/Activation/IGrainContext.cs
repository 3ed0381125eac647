namespace VetrAI.Runtime;

/// <summary>What a grain instance knows of its activation. Implemented by the activation.</summary>
internal interface IGrainContext
{
    GrainId GrainId { get; }

    IGrainFactory GrainFactory { get; }

    IReminderRegistry Reminders { get; }

    void DeactivateOnIdle();

    IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period);
}

/// <summary>Hands the activation's context to the <see cref="Grain"/> constructor: set by the activation
/// only around the construction of the grain instance, on the constructing thread.</summary>
internal static class GrainContextScope
{
    [ThreadStatic]
    private static IGrainContext? _current;

    public static IGrainContext? Current => _current;

    public static T Construct<T>(IGrainContext context, Func<T> create)
    {
        var previous = _current;
        _current = context;
        try
        {
            return create();
        }
        finally
        {
            _current = previous;
        }
    }
}
