using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace VetrAI.ApiFrontend.Tests.Infrastructure;

/// <summary>HTTP helpers for tests: JSON in the API's snake_case, and checks of the standard error body.</summary>
public static class Api
{
    /// <summary>The wire's conventions: write anonymous objects with PascalCase members, get snake_case.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body)
        => client.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body)
        => client.PutAsJsonAsync(url, body, Json);

    /// <summary>Sends <paramref name="content"/> as it is (for malformed bodies).</summary>
    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string url, string content, string contentType = "application/json")
        => client.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent(content, Encoding.UTF8, contentType) });

    /// <summary>The body as JSON, after checking the status.</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Checks that the answer is the standard error body with <paramref name="expected"/> and returns its detail.</summary>
    public static async Task<string> ReadErrorAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Assert.Equal(["detail", "status_code", "timestamp"], root.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal((int)expected, root.GetProperty("status_code").GetInt32());
        var timestamp = root.GetProperty("timestamp").GetString()!;
        Assert.EndsWith("Z", timestamp, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(timestamp, out _), $"timestamp '{timestamp}' is not ISO-8601");
        var detail = root.GetProperty("detail").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(detail));
        Assert.True(response.Headers.Contains("X-Request-Id"), "every answer carries X-Request-Id");
        return detail;
    }

    /// <summary>Checks that the answer is a 429 with the standard error body and a <c>Retry-After</c> in seconds; returns the wait.</summary>
    public static async Task<TimeSpan> ReadRetryAfterAsync(this HttpResponseMessage response)
    {
        await response.ReadErrorAsync(HttpStatusCode.TooManyRequests);
        var wait = response.Headers.RetryAfter?.Delta;
        Assert.True(wait is not null, "a 429 carries Retry-After in seconds");
        return wait.Value;
    }

    public static string GetString(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    /// <summary>A JSON array of strings.</summary>
    public static string[] GetStrings(this JsonElement element, string property)
        => element.GetProperty(property).EnumerateArray().Select(item => item.GetString()!).ToArray();

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
