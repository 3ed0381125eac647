using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VetrAI.Runtime.Membership;
using VetrAI.Runtime.Messaging;
using VetrAI.Runtime.Placement;

namespace VetrAI.Runtime.Tests.Cluster;

public sealed class ClusterTransportTests : IAsyncLifetime
{
    private readonly ClusterOptions _options = new()
    {
        Secret = "s3cret",
        Port = FreePort.Find(),
        AdvertisedAddress = "127.0.0.1",
        CallTimeout = TimeSpan.FromSeconds(5),
    };

    private readonly EchoHandler _handler = new();
    private readonly FixedPlacement _placement = new();
    private ClusterEndpoint _endpoint = null!;
    private ClusterTransport _transport = null!;

    private SiloAddress Silo => new("127.0.0.1", _options.Port, 1);

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection()
            .AddSingleton<IRemoteCallHandler>(_handler)
            .AddSingleton<IPlacementDirector>(_placement)
            .BuildServiceProvider();
        var options = Options.Create(_options);
        var secret = new ClusterSecret(_options.Secret);
        _transport = new ClusterTransport(
            TestMembership.Create(MembershipView.Empty), secret, services, options, NullLogger<ClusterTransport>.Instance);
        _endpoint = new ClusterEndpoint(_handler, TestMembership.Create(MembershipView.Empty), secret, options, NullLoggerFactory.Instance);
        await _endpoint.StartAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _endpoint.StopAsync(default);
        await _endpoint.DisposeAsync();
        _transport.Dispose();
    }

    [Fact]
    public async Task Calls_reach_the_handler_and_answer_with_its_result_or_exception()
    {
        var result = await _transport.SendAsync(Silo, Request("echo", "hello"), default);
        var failure = await _transport.SendAsync(Silo, Request("fail", "boom"), default);

        Assert.Equal("hello", Encoding.UTF8.GetString(result.Result!));
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.ExceptionType);
        Assert.Equal("boom", failure.ExceptionMessage);
    }

    [Fact]
    public async Task Many_concurrent_calls_share_the_connection()
    {
        var calls = Enumerable.Range(0, 500).Select(i => _transport.SendAsync(Silo, Request("echo", $"m{i}"), default));

        var results = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"m{i}"), results.Select(r => Encoding.UTF8.GetString(r.Result!)));
    }

    [Fact]
    public async Task Calls_that_pile_up_go_out_in_batches_and_each_gets_its_own_answer()
    {
        long batched = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "VetrAI.Runtime" && instrument.Name == "vetrai.runtime.remote.batched_calls")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref batched, value));
        listener.Start();

        // 500 calls queued at once: the sender cannot send each alone as fast as they arrive.
        var calls = Enumerable.Range(0, 500)
            .Select(i => _transport.SendAsync(Silo, Request(i % 7 == 0 ? "fail" : "echo", $"b{i}"), default))
            .ToArray();
        var results = await Task.WhenAll(calls);

        Assert.True(Interlocked.Read(ref batched) > 0, "no call went out in a batch");
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i % 7 == 0 ? $"{typeof(InvalidOperationException).FullName}: b{i}" : $"b{i}",
                results[i].ExceptionType is { } type ? $"{type}: {results[i].ExceptionMessage}" : Encoding.UTF8.GetString(results[i].Result!));
        }
    }

    [Fact]
    public async Task A_batch_streams_each_answer_when_it_is_ready_so_a_slow_call_holds_back_no_other()
    {
        using var client = new HttpClient(new SocketsHttpHandler())
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var body = ClusterBatch.EncodeRequests([ClusterEnvelope.Encode(Request("hold", "slow")), ClusterEnvelope.Encode(Request("echo", "fast"))]);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{_options.Port}{ClusterEndpoint.BatchPath}"))
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Headers.Add(ClusterSecret.HeaderName, _options.Secret);

        using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();

        // The fast call's answer arrives while the slow one is still held.
        var (index, answer) = await ReadFrameAsync(stream);
        Assert.Equal((1, "fast"), (index, Encoding.UTF8.GetString(answer.Result!)));
        _handler.Release();
        (index, answer) = await ReadFrameAsync(stream);
        Assert.Equal((0, "slow"), (index, Encoding.UTF8.GetString(answer.Result!)));
        Assert.Equal(0, await stream.ReadAsync(new byte[1]));
    }

    [Fact]
    public async Task A_malformed_batch_gets_400_and_runs_nothing()
    {
        using var client = new HttpClient(new SocketsHttpHandler())
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var body = ClusterBatch.EncodeRequests([ClusterEnvelope.Encode(Request("echo", "x"))]);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{_options.Port}{ClusterEndpoint.BatchPath}"))
        {
            // Says it holds two calls but carries one.
            Content = new ByteArrayContent([2, .. body.AsSpan(1)]),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Headers.Add(ClusterSecret.HeaderName, _options.Secret);

        using var response = await client.SendAsync(message);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _handler.Calls);
    }

    [Fact]
    public async Task A_call_past_its_timeout_fails_with_a_timeout()
    {
        var request = Request("sleep", "") with { TimeoutMilliseconds = 300 };

        var started = DateTimeOffset.UtcNow;
        try
        {
            // Either side may notice first: the silo answers with the timeout, or the caller gives up.
            var response = await _transport.SendAsync(Silo, request, default);
            Assert.Equal(typeof(TimeoutException).FullName, response.ExceptionType);
        }
        catch (TimeoutException)
        {
        }

        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_request_without_the_secret_gets_401()
    {
        using var client = new HttpClient(new SocketsHttpHandler())
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var envelope = ClusterEnvelope.Encode(Request("echo", "x"));

        using var missing = await client.PostAsync(new Uri($"http://127.0.0.1:{_options.Port}/cluster/call"), new ByteArrayContent(envelope));
        using var wrong = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{_options.Port}/cluster/call"))
        {
            Content = new ByteArrayContent(envelope),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        wrong.Headers.Add(ClusterSecret.HeaderName, "s3cre7");
        using var wrongResponse = await client.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.Equal(0, _handler.Calls);
    }

    [Fact]
    public async Task A_silo_that_is_not_listening_fails_the_call_within_its_timeout()
    {
        var nowhere = new SiloAddress("127.0.0.1", FreePort.Find(), 1);
        _placement.Owner = nowhere;
        var request = Request("echo", "x") with { TimeoutMilliseconds = 800 };

        var started = DateTimeOffset.UtcNow;
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => _transport.SendAsync(nowhere, request, default));
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(3));
        // Usually the deadline passes between attempts (unavailable). In a cold process, the first
        // connection attempt alone can outlast 800 ms, and the attempt under way times out.
        Assert.True(failure is SiloUnavailableException or TimeoutException, failure.ToString());
    }

    private static async Task<(int Index, RemoteCallResponse Answer)> ReadFrameAsync(Stream stream)
    {
        var header = new byte[ClusterBatch.FrameHeaderLength];
        await stream.ReadExactlyAsync(header).AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        var (index, length) = ClusterBatch.ReadFrameHeader(header);
        var envelope = new byte[length];
        await stream.ReadExactlyAsync(envelope).AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        return (index, ClusterEnvelope.DecodeResponse(envelope));
    }

    private static RemoteCallRequest Request(string method, string argument) =>
        new(new GrainId("echo", "1"), "IEcho", method, Encoding.UTF8.GetBytes(argument), 0, 20_000);

    /// <summary>Places every grain on one silo, as a client's view naming a silo that is gone would.</summary>
    private sealed class FixedPlacement : IPlacementDirector
    {
        public SiloAddress? Owner { get; set; }

        public SiloAddress? GetOwner(GrainId grainId) => Owner;
    }

    private sealed class EchoHandler : IRemoteCallHandler
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => _calls;

        /// <summary>Lets every "hold" call answer.</summary>
        public void Release() => _released.TrySetResult();

        public async Task<RemoteCallResponse> HandleAsync(RemoteCallRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            switch (request.Method)
            {
                case "fail":
                    return new RemoteCallResponse(null, typeof(InvalidOperationException).FullName, Encoding.UTF8.GetString(request.Arguments));
                case "hold":
                    await _released.Task.WaitAsync(cancellationToken);
                    return new RemoteCallResponse(request.Arguments, null, null);
                case "sleep":
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        return new RemoteCallResponse(null, typeof(TimeoutException).FullName, "timed out");
                    }

                    return new RemoteCallResponse(null, null, null);
                default:
                    return new RemoteCallResponse(request.Arguments, null, null);
            }
        }
    }
}
