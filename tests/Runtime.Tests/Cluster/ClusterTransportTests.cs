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
        await Assert.ThrowsAsync<SiloUnavailableException>(() => _transport.SendAsync(nowhere, request, default));
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(3));
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
        private int _calls;

        public int Calls => _calls;

        public async Task<RemoteCallResponse> HandleAsync(RemoteCallRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            switch (request.Method)
            {
                case "fail":
                    return new RemoteCallResponse(null, typeof(InvalidOperationException).FullName, Encoding.UTF8.GetString(request.Arguments));
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
