using System.Net.Http.Headers;
using System.Text;

namespace VetrAI.Grains.ObjectStorage;

/// <summary>Lets the Minio client read s3rver's object listings. s3rver 3.7.1 (run.sh and the tests) writes
/// <c>ListBucketResult</c> in the namespace <c>http://doc.s3.amazonaws.com/2006-03-01/</c>, while S3 and MinIO
/// use <c>http://s3.amazonaws.com/doc/2006-03-01/</c>, the only one Minio 7 looks for: without this every
/// listing there comes back empty. Only listing responses are touched (never an object's bytes), and a
/// server that answers correctly is left as it is.</summary>
internal sealed class S3rverListNamespaceHandler : DelegatingHandler
{
    private const string S3rverNamespace = "xmlns=\"http://doc.s3.amazonaws.com/2006-03-01/\"";
    private const string S3Namespace = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

    public S3rverListNamespaceHandler() : base(new SocketsHttpHandler())
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method != HttpMethod.Get || request.RequestUri?.Query.Contains("list-type=", StringComparison.Ordinal) != true
            || !response.IsSuccessStatusCode)
        {
            return response;
        }

        // A page holds at most 1000 keys: small enough to read whole.
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (body.Contains(S3rverNamespace, StringComparison.Ordinal))
        {
            body = body.Replace(S3rverNamespace, S3Namespace, StringComparison.Ordinal);
        }

        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = response.Content.Headers.ContentType ?? new MediaTypeHeaderValue("application/xml");
        response.Content = content;
        return response;
    }
}
