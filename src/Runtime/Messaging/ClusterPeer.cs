using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using VetrAI.Runtime.Diagnostics;

namespace VetrAI.Runtime.Messaging;

/// <summary>The HTTP/2 client of one silo endpoint. Calls wait in a queue that one loop drains: a
/// call that finds nothing else waiting goes out as a request of its own (<c>/cluster/call</c>); calls
/// that queued up while the loop was sending go out together as one batch request
/// (<c>/cluster/batch</c>), whose answers stream back one by one. Nothing waits to fill a batch, so
/// a call under light load costs what it did alone, and batches grow only when calls pile up.
/// Failures keep the meaning <see cref="ClusterTransport"/> relies on: an
/// <see cref="HttpRequestException"/> with <see cref="HttpRequestError.ConnectionError"/> means the
/// call was never delivered; anything else after sending means it may have run.</summary>
internal sealed class ClusterPeer : IDisposable
{
    private static readonly MediaTypeHeaderValue CallType = new(ClusterEnvelope.ContentType);
    private static readonly MediaTypeHeaderValue BatchType = new(ClusterBatch.ContentType);
    // A batch request outlives its longest call by this much before it is given up.
    private static readonly TimeSpan BatchGrace = TimeSpan.FromSeconds(5);

    private readonly string _endpoint;
    private readonly Uri _callUri;
    private readonly Uri _batchUri;
    private readonly ClusterSecret _secret;
    private readonly Func<long> _viewVersion;
    private readonly HttpMessageInvoker _invoker;
    private readonly Channel<PendingCall> _queue = Channel.CreateUnbounded<PendingCall>(new UnboundedChannelOptions { SingleReader = true });

    public ClusterPeer(string host, int port, TimeSpan connectTimeout, ClusterSecret secret, Func<long> viewVersion)
    {
        _endpoint = $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";
        _callUri = new UriBuilder(Uri.UriSchemeHttp, host, port, ClusterEndpoint.CallPath).Uri;
        _batchUri = new UriBuilder(Uri.UriSchemeHttp, host, port, ClusterEndpoint.BatchPath).Uri;
        _secret = secret;
        _viewVersion = viewVersion;
        _invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = connectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
        });
        _ = SendLoopAsync();
    }

    /// <summary>Sends one call; <paramref name="cancellationToken"/> is its deadline.</summary>
    public Task<RemoteCallResponse> SendAsync(RemoteCallRequest request, CancellationToken cancellationToken)
    {
        var call = new PendingCall(request, cancellationToken);
        if (!_queue.Writer.TryWrite(call))
        {
            throw NotDelivered(null);
        }

        return call.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var call))
        {
            call.TrySetException(NotDelivered(null));
        }

        _invoker.Dispose();
    }

    private async Task SendLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var batch = new List<PendingCall>();
            while (batch.Count < ClusterBatch.MaxCalls && reader.TryRead(out var call))
            {
                // A caller that already gave up does not need its call sent.
                if (!call.Cancellation.IsCancellationRequested)
                {
                    batch.Add(call);
                }
            }

            if (batch.Count == 1)
            {
                _ = SendCallAsync(batch[0]);
            }
            else if (batch.Count > 1)
            {
                RuntimeInstruments.BatchedRemoteCalls.Add(batch.Count);
                _ = SendBatchAsync(batch);
            }
        }
    }

    private async Task SendCallAsync(PendingCall call)
    {
        try
        {
            using var message = Message(_callUri, ClusterEnvelope.Encode(call.Request), CallType);
            // The caller's deadline travels with the request: giving up resets the stream, and the
            // silo cancels the call.
            using var response = await _invoker.SendAsync(message, call.Cancellation).ConfigureAwait(false);
            EnsureAccepted(response, call.Request.Target);
            var body = await response.Content.ReadAsByteArrayAsync(call.Cancellation).ConfigureAwait(false);
            call.TrySetResult(ClusterEnvelope.DecodeResponse(body));
        }
        catch (ObjectDisposedException ex)
        {
            call.TrySetException(NotDelivered(ex));
        }
        catch (Exception ex)
        {
            call.TrySetException(ex);
        }
    }

    private async Task SendBatchAsync(List<PendingCall> calls)
    {
        var envelopes = calls.ConvertAll(call => ClusterEnvelope.Encode(call.Request));
        var longest = TimeSpan.FromMilliseconds(calls.Max(call => call.Request.TimeoutMilliseconds));
        using var deadline = new CancellationTokenSource(longest + BatchGrace);
        var sent = false;
        try
        {
            using var message = Message(_batchUri, ClusterBatch.EncodeRequests(envelopes), BatchType);
            using var response = await _invoker.SendAsync(message, deadline.Token).ConfigureAwait(false);
            sent = true;
            EnsureAccepted(response, calls[0].Request.Target);
            await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            var header = new byte[ClusterBatch.FrameHeaderLength];
            for (var answered = 0; answered < calls.Count; answered++)
            {
                await stream.ReadExactlyAsync(header, deadline.Token).ConfigureAwait(false);
                var (index, length) = ClusterBatch.ReadFrameHeader(header);
                if (index < 0 || index >= calls.Count || length < 0)
                {
                    throw new InvalidDataException($"Silo {_endpoint} answered a call batch with a malformed frame.");
                }

                var envelope = new byte[length];
                await stream.ReadExactlyAsync(envelope, deadline.Token).ConfigureAwait(false);
                calls[index].TrySetResult(ClusterEnvelope.DecodeResponse(envelope));
            }
        }
        catch (Exception ex)
        {
            // Calls already answered keep their answers: TrySetException leaves them alone.
            var failure = ex switch
            {
                ObjectDisposedException => NotDelivered(ex),
                HttpRequestException or InvalidOperationException or SiloUnavailableException => ex,
                _ when !sent => ex,
                _ => new IOException($"The call batch to silo {_endpoint} broke before every call was answered; the call may have run. {ex.Message}", ex),
            };
            foreach (var call in calls)
            {
                call.TrySetException(failure);
            }
        }
    }

    private HttpRequestMessage Message(Uri uri, byte[] body, MediaTypeHeaderValue contentType)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        message.Content.Headers.ContentType = contentType;
        message.Headers.TryAddWithoutValidation(ClusterSecret.HeaderName, _secret.Value);
        message.Headers.TryAddWithoutValidation(ClusterTransport.ViewVersionHeader, _viewVersion().ToString(CultureInfo.InvariantCulture));
        return message;
    }

    private void EnsureAccepted(HttpResponseMessage response, GrainId target)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new InvalidOperationException($"Silo {_endpoint} refused the cluster secret: every member needs the same VETRAI_CLUSTER_SECRET.");
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new SiloUnavailableException($"Silo {_endpoint} answered the call to {target} with HTTP {(int)response.StatusCode}.");
        }
    }

    private HttpRequestException NotDelivered(Exception? inner) =>
        new(HttpRequestError.ConnectionError, $"The client of silo {_endpoint} was closed (the silo left the cluster view); the call was not sent.", inner);

    private sealed class PendingCall(RemoteCallRequest request, CancellationToken cancellation)
        : TaskCompletionSource<RemoteCallResponse>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public RemoteCallRequest Request { get; } = request;

        public CancellationToken Cancellation { get; } = cancellation;
    }
}
