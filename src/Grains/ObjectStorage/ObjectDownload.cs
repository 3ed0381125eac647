namespace VetrAI.Grains.ObjectStorage;

/// <summary>Turns the Minio client's callback download into a stream the caller reads later. Minio 7 only
/// lends the response body to a callback and closes the response when the callback returns, so the callback
/// hands the body over and waits here until the caller disposes what it was given.</summary>
internal sealed class ObjectDownload : IDisposable
{
    private readonly TaskCompletionSource<Stream> _body = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The callback given to <c>GetObjectArgs.WithCallbackStream</c>.</summary>
    public Task ReceiveAsync(Stream body, CancellationToken cancellationToken)
    {
        _body.TrySetResult(body);
        return _released.Task;
    }

    /// <summary>The body, once the transfer reached the callback; the transfer's own error if it failed first.</summary>
    public async Task<Stream> WaitForBodyAsync(Task transfer, CancellationToken cancellationToken)
    {
        // Faults after the hand-over (the caller is reading by then) surface through the body stream;
        // observing them here keeps them from going unobserved.
        _ = transfer.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        try
        {
            if (await Task.WhenAny(_body.Task, transfer).WaitAsync(cancellationToken) == transfer)
            {
                await transfer;
                throw new InvalidOperationException("The object storage answered without a body.");
            }
        }
        catch
        {
            _released.TrySetResult();
            throw;
        }

        return await _body.Task;
    }

    /// <summary>Lets the transfer finish: Minio then closes the response.</summary>
    public void Dispose() => _released.TrySetResult();
}
