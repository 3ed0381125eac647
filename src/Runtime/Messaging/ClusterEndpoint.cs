using System.Buffers;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VetrAI.Runtime.Membership;

namespace VetrAI.Runtime.Messaging;

/// <summary>The silo's cluster port: a Kestrel server of its own (HTTP/2 cleartext only, separate
/// from any public API in the same process) with two routes: <c>POST /cluster/call</c> takes one
/// <see cref="ClusterEnvelope"/>, and <c>POST /cluster/batch</c> takes several (<see cref="ClusterBatch"/>)
/// and streams each answer back as soon as it is ready. Every call is run by the runtime's
/// <see cref="IRemoteCallHandler"/>, which forwards it once when another silo owns the grain.
/// Requests without the cluster secret get 401.</summary>
internal sealed partial class ClusterEndpoint(
    IRemoteCallHandler handler,
    ClusterMembership membership,
    ClusterSecret secret,
    IOptions<ClusterOptions> options,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    public const string CallPath = "/cluster/call";

    public const string BatchPath = "/cluster/batch";

    private readonly ILogger _logger = loggerFactory.CreateLogger<ClusterEndpoint>();
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.Services.AddSingleton(loggerFactory);
        // The process's own host owns Ctrl-C and SIGTERM; this server stops when that host stops it.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedServerLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Many calls share one connection; Kestrel's default of 100 streams would queue them.
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1024;
            kestrel.Listen(ListenAddress(settings.AdvertisedAddress), settings.Port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);
        _app = app;
        LogListening(_logger, settings.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var batch = request.Path == BatchPath;
        if (!HttpMethods.IsPost(request.Method) || (!batch && request.Path != CallPath))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!secret.Matches(request.Headers[ClusterSecret.HeaderName]))
        {
            LogUnauthenticated(_logger, context.Connection.RemoteIpAddress);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (request.ContentLength is not { } length || length is < 1 or > int.MaxValue)
        {
            context.Response.StatusCode = StatusCodes.Status411LengthRequired;
            return;
        }

        List<RemoteCallRequest> calls;
        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            await request.Body.ReadExactlyAsync(buffer.AsMemory(0, (int)length), context.RequestAborted);
            var body = buffer.AsSpan(0, (int)length);
            calls = batch ? ClusterBatch.DecodeRequests(body) : [ClusterEnvelope.DecodeRequest(body)];
        }
        catch (InvalidDataException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        // A caller that has seen a newer membership view than ours may be sending us a grain because
        // of a change we have not read yet: catch up before the handler decides to forward the call.
        if (long.TryParse(request.Headers[ClusterTransport.ViewVersionHeader], out var callerVersion) && callerVersion > membership.View.Version)
        {
            await membership.RefreshAsync(context.RequestAborted);
        }

        if (batch)
        {
            await AnswerBatchAsync(context, calls);
            return;
        }

        // The handler answers every failure, its own timeout included, as an exception response;
        // a caller that gave up resets the stream, which aborts the request.
        var response = await handler.HandleAsync(calls[0], context.RequestAborted);
        var encoded = ClusterEnvelope.Encode(response);
        context.Response.ContentType = ClusterEnvelope.ContentType;
        context.Response.ContentLength = encoded.Length;
        await context.Response.Body.WriteAsync(encoded, context.RequestAborted);
    }

    /// <summary>Runs every call of a batch at once and writes each answer as one frame when it is
    /// ready; answers that are ready together go out in one flush.</summary>
    private async Task AnswerBatchAsync(HttpContext context, List<RemoteCallRequest> calls)
    {
        // Not SingleReader: that variant cannot count, and the writer flushes when nothing is waiting.
        var answers = Channel.CreateUnbounded<(int Index, byte[] Envelope)>();
        var outstanding = calls.Count;
        for (var i = 0; i < calls.Count; i++)
        {
            _ = AnswerAsync(i, calls[i]);
        }

        context.Response.ContentType = ClusterBatch.ContentType;
        var output = context.Response.BodyWriter;
        try
        {
            await foreach (var (index, envelope) in answers.Reader.ReadAllAsync(context.RequestAborted))
            {
                var span = output.GetSpan(ClusterBatch.FrameHeaderLength + envelope.Length);
                ClusterBatch.WriteFrameHeader(span, index, envelope.Length);
                envelope.CopyTo(span[ClusterBatch.FrameHeaderLength..]);
                output.Advance(ClusterBatch.FrameHeaderLength + envelope.Length);
                if (answers.Reader.Count == 0)
                {
                    await output.FlushAsync(context.RequestAborted);
                }
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away (it stopped, or its connection broke); nobody is left to answer.
        }

        async Task AnswerAsync(int index, RemoteCallRequest call)
        {
            RemoteCallResponse response;
            try
            {
                response = await handler.HandleAsync(call, context.RequestAborted);
            }
            catch (Exception ex)
            {
                // Every call gets its frame, or the batch would never end.
                response = RemoteExceptions.ToResponse(ex);
            }

            answers.Writer.TryWrite((index, ClusterEnvelope.Encode(response)));
            if (Interlocked.Decrement(ref outstanding) == 0)
            {
                answers.Writer.TryComplete();
            }
        }
    }

    private static IPAddress ListenAddress(string advertisedAddress) =>
        IPAddress.TryParse(advertisedAddress, out var address) && IPAddress.IsLoopback(address) ? address : IPAddress.Any;

    private sealed class EmbeddedServerLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster endpoint listening on port {Port} (HTTP/2 cleartext)")]
    private static partial void LogListening(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a cluster call from {Remote}: missing or wrong cluster secret")]
    private static partial void LogUnauthenticated(ILogger logger, IPAddress? remote);
}
