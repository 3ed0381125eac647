using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace VetrAI.Grains.Jobs.Webhook;

/// <summary>The <c>webhook</c> job: POSTs JSON to a URL. Payload: <c>{"url": "https://...", "body": any JSON
/// (default: the job's id, organization and attempt), "headers": {"name": "value"}}</c>. Every request carries
/// X-VetrAI-Job-Id, X-VetrAI-Attempt and Idempotency-Key (job id and attempt) so the receiver can drop
/// repeats. An answer outside 2xx (redirects are not followed), a network error or the job's timeout fails
/// the attempt. Private, loopback and reserved addresses are refused unless
/// <see cref="JobOptions.WebhooksMayReachPrivateNetworks"/>.</summary>
internal sealed class WebhookJobHandler(IHttpClientFactory httpClients, IOptions<JobOptions> options) : IJobHandler
{
    public const string HttpClientName = "VetrAI.Jobs.Webhook";
    private const int MaxHeaders = 20;

    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Type", "Content-Length", "Transfer-Encoding", "Connection", "Idempotency-Key", "X-VetrAI-Job-Id", "X-VetrAI-Attempt",
    };

    public string Type => "webhook";

    /// <summary>The webhook client's connection handler: no redirects, and only allowed addresses.</summary>
    internal static SocketsHttpHandler CreateHttpHandler(bool mayReachPrivateNetworks) => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, token) => WebhookAddresses.ConnectAsync(context.DnsEndPoint, mayReachPrivateNetworks, token),
    };

    public string? ValidatePayload(JsonElement payload)
    {
        if (!payload.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String)
        {
            return "url is required.";
        }

        if (!Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "url must be an absolute http or https URL.";
        }

        if (!options.Value.WebhooksMayReachPrivateNetworks
            && (uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost, out var address) && !WebhookAddresses.IsPublic(address))))
        {
            return "url must not point at a private, loopback or reserved address.";
        }

        if (payload.TryGetProperty("headers", out var headers))
        {
            if (headers.ValueKind != JsonValueKind.Object)
            {
                return "headers must be an object of strings.";
            }

            var count = 0;
            foreach (var header in headers.EnumerateObject())
            {
                if (++count > MaxHeaders)
                {
                    return $"at most {MaxHeaders} headers are allowed.";
                }

                if (header.Value.ValueKind != JsonValueKind.String || header.Name.Length == 0 || !header.Name.All(IsTokenChar))
                {
                    return $"header '{header.Name}' must have a valid name and a string value.";
                }

                if (ReservedHeaders.Contains(header.Name))
                {
                    return $"header '{header.Name}' is set by the platform.";
                }
            }
        }

        return null;
    }

    public async Task<JsonElement?> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var payload = context.Payload;
        var body = payload.TryGetProperty("body", out var given)
            ? given.GetRawText()
            : JsonSerializer.Serialize(new WebhookEnvelope(context.JobId, context.OrganizationId, context.Attempt), JobsJsonContext.Default.WebhookEnvelope);
        using var request = new HttpRequestMessage(HttpMethod.Post, payload.GetProperty("url").GetString())
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("X-VetrAI-Job-Id", context.JobId);
        request.Headers.Add("X-VetrAI-Attempt", context.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("Idempotency-Key", context.IdempotencyKey);
        if (payload.TryGetProperty("headers", out var headers))
        {
            foreach (var header in headers.EnumerateObject())
            {
                request.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new JobAttemptFailedException($"The webhook could not be reached: {e.Message}", e);
        }

        using (response)
        {
            var code = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                throw new JobAttemptFailedException($"The webhook answered HTTP {code} {response.ReasonPhrase}.");
            }

            return JsonSerializer.SerializeToElement(new WebhookResult(code), JobsJsonContext.Default.WebhookResult);
        }
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}

internal sealed record WebhookEnvelope(string JobId, string OrganizationId, int Attempt);

internal sealed record WebhookResult(int StatusCode);
