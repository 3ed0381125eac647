namespace VetrAI.Runtime.Messaging;

/// <summary>The token a grain method's CancellationToken parameter receives: cancelled when the call
/// times out or when the caller's own token is cancelled. Knowing which of the two happened lets the
/// runtime report a timeout as a <see cref="TimeoutException"/> rather than as a cancellation.</summary>
internal sealed class CallCancellation : CancellationTokenSource
{
    private readonly CancellationTokenRegistration _callerRegistration;

    public CallCancellation(CancellationToken callerToken, TimeSpan timeout) : base(timeout)
    {
        CallerToken = callerToken;
        if (callerToken.CanBeCanceled)
        {
            _callerRegistration = callerToken.UnsafeRegister(static state => ((CallCancellation)state!).Cancel(), this);
        }
    }

    public CancellationToken CallerToken { get; }

    public bool TimedOut => IsCancellationRequested && !CallerToken.IsCancellationRequested;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _callerRegistration.Dispose();
        }

        base.Dispose(disposing);
    }
}
