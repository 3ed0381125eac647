using System.Text;
using VetrAI.Runtime.Messaging;

namespace VetrAI.Runtime.Tests.Cluster;

public sealed class ClusterEnvelopeTests
{
    [Fact]
    public void A_request_survives_the_round_trip()
    {
        var request = new RemoteCallRequest(
            new GrainId("apikey", "ключ-é"), "VetrAI.IApiKeyGrain", "ValidateAsync", Encoding.UTF8.GetBytes("[\"x\",1]"), 1, 30_000);

        var decoded = ClusterEnvelope.DecodeRequest(ClusterEnvelope.Encode(request));

        Assert.Equal(request.Target, decoded.Target);
        Assert.Equal(request.Interface, decoded.Interface);
        Assert.Equal(request.Method, decoded.Method);
        Assert.Equal(request.Arguments, decoded.Arguments);
        Assert.Equal(1, decoded.Hops);
        Assert.Equal(30_000, decoded.TimeoutMilliseconds);
    }

    [Fact]
    public void Results_void_results_and_exceptions_survive_the_round_trip()
    {
        var result = ClusterEnvelope.DecodeResponse(ClusterEnvelope.Encode(new RemoteCallResponse([1, 2, 3], null, null)));
        var none = ClusterEnvelope.DecodeResponse(ClusterEnvelope.Encode(new RemoteCallResponse(null, null, null)));
        var failure = ClusterEnvelope.DecodeResponse(ClusterEnvelope.Encode(new RemoteCallResponse(null, "System.InvalidOperationException", "no")));

        Assert.Equal([1, 2, 3], result.Result);
        Assert.Null(none.Result);
        Assert.Null(none.ExceptionType);
        Assert.Equal("System.InvalidOperationException", failure.ExceptionType);
        Assert.Equal("no", failure.ExceptionMessage);
    }

    [Fact]
    public void A_truncated_envelope_is_refused()
    {
        var bytes = ClusterEnvelope.Encode(new RemoteCallRequest(new GrainId("a", "b"), "I", "M", [1, 2], 0, 10));

        Assert.Throws<InvalidDataException>(() => ClusterEnvelope.DecodeRequest(bytes.AsSpan(0, bytes.Length - 1)));
    }
}
