using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace VetrAI.DashboardScreenshot;

/// <summary>The few VetrAI API calls the screenshot needs, over one HTTP client. Every call sends its own bearer
/// token (several users at once); a failed call throws with the status and body.</summary>
internal sealed class ApiClient(Uri baseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary><c>POST /api/v1/login</c>: the access token.</summary>
    public async Task<string> LogInAsync(string email, string password)
    {
        using var body = await SendAsync(HttpMethod.Post, "api/v1/login", token: null, new { email, password });
        return body.RootElement.GetProperty("access_token").GetString()
            ?? throw new InvalidOperationException("login answered without an access token");
    }

    /// <summary><c>POST /api/v1/register</c> with an organization: the new org admin's access token.</summary>
    public async Task<string> RegisterAsync(string email, string password, string fullName, string organizationName)
    {
        using var body = await SendAsync(HttpMethod.Post, "api/v1/register", token: null,
            new { email, password, full_name = fullName, organization_name = organizationName });
        return body.RootElement.GetProperty("access_token").GetString()
            ?? throw new InvalidOperationException("register answered without an access token");
    }

    /// <summary><c>POST /api/v1/keys</c> for the caller's organization: the key's secret.</summary>
    public async Task<string> CreateKeyAsync(string token, string name)
    {
        using var body = await SendAsync(HttpMethod.Post, "api/v1/keys", token, new { name });
        return body.RootElement.GetProperty("key").GetString()
            ?? throw new InvalidOperationException("key creation answered without the key");
    }

    /// <summary>One call; any 2xx is fine. Only this tool's own traffic: its answers are not looked at.</summary>
    public async Task CallAsync(HttpMethod method, string path, string? token, object? content = null, CancellationToken cancellation = default)
    {
        using var body = await SendAsync(method, path, token, content, cancellation);
    }

    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, string? token, object? content, CancellationToken cancellation = default)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (content is not null)
        {
            request.Content = JsonContent.Create(content);
        }

        using var response = await _http.SendAsync(request, cancellation);
        var text = await response.Content.ReadAsStringAsync(cancellation);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} /{path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        return JsonDocument.Parse(text.Length == 0 ? "null" : text);
    }

    public void Dispose() => _http.Dispose();
}
