using System.Globalization;
using System.Net;
using System.Text.Json;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.ApiFrontend.Tests.Privacy;

namespace VetrAI.ApiFrontend.Tests.OpenApi;

/// <summary>The document says what the API does: every status real requests get (good ones and bad ones) is
/// declared for its operation, and every error body matches the declared schema. Plus the document-wide promises
/// the linter does not check: security on every operation, an example on every JSON request body.</summary>
public sealed class OpenApiResponsesTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly List<string> _problems = [];

    [Fact]
    public async Task Statuses_and_error_bodies_of_real_requests_are_the_documented_ones()
    {
        var document = await LoadAsync();
        var anonymous = fixture.Client;
        var email = ApiFixture.UniqueEmail();
        var admin = await fixture.RegisterOrgAdminAsync(email);
        var member = await fixture.AddMemberAsync(admin);

        await CheckAsync(document, "POST", "/api/v1/register", () => anonymous.PostJsonAsync("/api/v1/register", new { Email = email, Password = "another-pass-1", FullName = "Twin" }), HttpStatusCode.Conflict);
        await CheckAsync(document, "POST", "/api/v1/register", () => anonymous.SendRawAsync(HttpMethod.Post, "/api/v1/register", "{\"email\": "), HttpStatusCode.BadRequest);
        await CheckAsync(document, "POST", "/api/v1/register", () => anonymous.SendRawAsync(HttpMethod.Post, "/api/v1/register", "email=x", "text/plain"), HttpStatusCode.UnsupportedMediaType);
        await CheckAsync(document, "POST", "/api/v1/login", () => anonymous.PostJsonAsync("/api/v1/login", new { Email = email, Password = "wrong-password-9" }), HttpStatusCode.Unauthorized);
        await CheckAsync(document, "POST", "/api/v1/login", () => anonymous.PostJsonAsync("/api/v1/login", new { Email = email, Password = ApiFixture.DefaultPassword }), HttpStatusCode.OK);
        await CheckAsync(document, "POST", "/api/v1/refresh", () => anonymous.PostJsonAsync("/api/v1/refresh", new { RefreshToken = "not-a-token" }), HttpStatusCode.Unauthorized);
        await CheckAsync(document, "GET", "/api/v1/me", () => anonymous.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        await CheckAsync(document, "GET", "/api/v1/me", () => member.Client.GetAsync("/api/v1/me"), HttpStatusCode.OK);
        await CheckAsync(document, "GET", "/api/v1/cluster", () => member.Client.GetAsync("/api/v1/cluster"), HttpStatusCode.Forbidden);
        await CheckAsync(document, "POST", "/api/v1/keys", () => member.Client.PostJsonAsync("/api/v1/keys", new { Name = "no" }), HttpStatusCode.Forbidden);
        await CheckAsync(document, "POST", "/api/v1/keys", () => admin.Client.PostJsonAsync("/api/v1/keys", new { Scopes = new[] { "a" } }), HttpStatusCode.BadRequest);
        var key = await CheckAsync(document, "POST", "/api/v1/keys", () => admin.Client.PostJsonAsync("/api/v1/keys", new { Name = "documented" }), HttpStatusCode.Created);
        var keyId = key.GetString("id");
        await CheckAsync(document, "GET", "/api/v1/keys/{id}", () => admin.Client.GetAsync($"/api/v1/keys/{keyId}"), HttpStatusCode.OK);
        await CheckAsync(document, "GET", "/api/v1/keys/{id}", () => admin.Client.GetAsync("/api/v1/keys/no-such-key"), HttpStatusCode.NotFound);
        await CheckAsync(document, "POST", "/api/v1/keys/validate", () => anonymous.PostJsonAsync("/api/v1/keys/validate", new { Key = key.GetString("key") }), HttpStatusCode.OK);
        await CheckAsync(document, "POST", "/api/v1/keys/validate", () => anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/keys/validate")), HttpStatusCode.BadRequest);
        await CheckAsync(document, "GET", "/api/v1/organizations", () => member.Client.GetAsync("/api/v1/organizations"), HttpStatusCode.OK);
        await CheckAsync(document, "PUT", "/api/v1/organizations/{id}", () => member.Client.PutJsonAsync($"/api/v1/organizations/{admin.OrganizationId}", new { Name = "Mine" }), HttpStatusCode.Forbidden);
        var ticket = await CheckAsync(document, "POST", "/api/v1/tickets", () => member.Client.PostJsonAsync("/api/v1/tickets", new { Subject = "Documented", Description = "Checked against the document.", Priority = "low" }), HttpStatusCode.Created);
        await CheckAsync(document, "GET", "/api/v1/tickets/{id}", () => member.Client.GetAsync($"/api/v1/tickets/{ticket.GetString("id")}"), HttpStatusCode.OK);
        await CheckAsync(document, "POST", "/api/v1/jobs", () => admin.Client.PostJsonAsync("/api/v1/jobs", new { Payload = new { } }), HttpStatusCode.BadRequest);
        await CheckAsync(document, "GET", "/api/v1/notifications", () => member.Client.GetAsync("/api/v1/notifications"), HttpStatusCode.OK);

        await CheckAsync(document, "POST", "/api/v1/password-reset/request", () => anonymous.PostJsonAsync("/api/v1/password-reset/request", new { Email = email }), HttpStatusCode.Accepted);
        await CheckAsync(document, "POST", "/api/v1/password-reset/confirm", () => anonymous.PostJsonAsync("/api/v1/password-reset/confirm", new { Token = "a.b", NewPassword = "battery-staple-43" }), HttpStatusCode.BadRequest);
        await CheckAsync(document, "POST", "/api/v1/verify-email/request", () => member.Client.PostAsync("/api/v1/verify-email/request", null), HttpStatusCode.Accepted);
        await CheckAsync(document, "POST", "/api/v1/verify-email/confirm", () => anonymous.PostJsonAsync("/api/v1/verify-email/confirm", new { Token = "a.b" }), HttpStatusCode.BadRequest);
        await CheckAsync(document, "POST", "/api/v1/mfa/totp/enable", () => member.Client.PostJsonAsync("/api/v1/mfa/totp/enable", new { Code = "123456" }), HttpStatusCode.BadRequest);
        await CheckAsync(document, "POST", "/api/v1/mfa/totp/disable", () => member.Client.PostJsonAsync("/api/v1/mfa/totp/disable", new { Password = ApiFixture.DefaultPassword, Code = "123456" }), HttpStatusCode.Conflict);
        await CheckAsync(document, "POST", "/api/v1/mfa/totp/setup", () => member.Client.PostAsync("/api/v1/mfa/totp/setup", null), HttpStatusCode.OK);
        await CheckAsync(document, "POST", "/api/v1/login/mfa", () => anonymous.PostJsonAsync("/api/v1/login/mfa", new { MfaToken = "a.b", Code = "123456" }), HttpStatusCode.BadRequest);
        await CheckAsync(document, "GET", "/api/v1/sessions", () => member.Client.GetAsync("/api/v1/sessions"), HttpStatusCode.OK);
        await CheckAsync(document, "DELETE", "/api/v1/sessions/{id}", () => member.Client.DeleteAsync("/api/v1/sessions/no-such-session"), HttpStatusCode.NotFound);

        // Five wrong guesses at the places that check a password lock that account: then each answers 429.
        var guessed = await fixture.RegisterAsync();
        await CheckAsync(document, "POST", "/api/v1/change-password", () => guessed.Client.PostJsonAsync("/api/v1/change-password", new { CurrentPassword = "wrong-password-1", NewPassword = "battery-staple-43" }), HttpStatusCode.BadRequest);
        await CheckAsync(document, "POST", "/api/v1/mfa/totp/disable", () => guessed.Client.PostJsonAsync("/api/v1/mfa/totp/disable", new { Password = "wrong-password-2", Code = "123456" }), HttpStatusCode.BadRequest);
        await CheckAsync(document, "DELETE", "/api/v1/me", () => PrivacyApi.EraseAsync(guessed, "wrong-password-3"), HttpStatusCode.BadRequest);
        foreach (var wrong in new[] { "wrong-password-4", "wrong-password-5" })
        {
            await CheckAsync(document, "POST", "/api/v1/login", () => anonymous.PostJsonAsync("/api/v1/login", new { guessed.Email, Password = wrong }), HttpStatusCode.Unauthorized);
        }

        await CheckAsync(document, "POST", "/api/v1/login", () => anonymous.PostJsonAsync("/api/v1/login", new { guessed.Email, guessed.Password }), HttpStatusCode.TooManyRequests);
        await CheckAsync(document, "POST", "/api/v1/change-password", () => guessed.Client.PostJsonAsync("/api/v1/change-password", new { CurrentPassword = guessed.Password, NewPassword = "battery-staple-43" }), HttpStatusCode.TooManyRequests);
        await CheckAsync(document, "POST", "/api/v1/mfa/totp/disable", () => guessed.Client.PostJsonAsync("/api/v1/mfa/totp/disable", new { guessed.Password, Code = "123456" }), HttpStatusCode.TooManyRequests);
        await CheckAsync(document, "DELETE", "/api/v1/me", () => PrivacyApi.EraseAsync(guessed), HttpStatusCode.TooManyRequests);

        // Registration sent the first verification email, two more requests the next: the fourth within the hour is 429.
        for (var i = 0; i < 2; i++)
        {
            await CheckAsync(document, "POST", "/api/v1/verify-email/request", () => guessed.Client.PostAsync("/api/v1/verify-email/request", null), HttpStatusCode.Accepted);
        }

        await CheckAsync(document, "POST", "/api/v1/verify-email/request", () => guessed.Client.PostAsync("/api/v1/verify-email/request", null), HttpStatusCode.TooManyRequests);

        var css = $"/api/v1/organizations/{admin.OrganizationId}/theme.css";
        using (var first = await anonymous.GetAsync(css))
        {
            Record(document, "GET", "/api/v1/organizations/{id}/theme.css", first.StatusCode, null);
            using var again = new HttpRequestMessage(HttpMethod.Get, css);
            again.Headers.IfNoneMatch.Add(first.Headers.ETag ?? throw new InvalidOperationException("theme.css carries an ETag"));
            using var notModified = await anonymous.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Record(document, "GET", "/api/v1/organizations/{id}/theme.css", notModified.StatusCode, null);
        }

        Assert.True(_problems.Count == 0, string.Join(Environment.NewLine, _problems));
    }

    [Fact]
    public async Task Every_operation_declares_its_security_a_4xx_and_an_example_for_its_json_body()
    {
        var document = await LoadAsync();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (method, path, operation) in document.Operations())
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            if (!operation.TryGetProperty("operationId", out var id) || !ids.Add(id.GetString()!))
            {
                _problems.Add($"{name}: no operationId, or one another operation has");
            }

            if (!operation.TryGetProperty("security", out var security) || security.ValueKind != JsonValueKind.Array)
            {
                _problems.Add($"{name}: no security requirement (an anonymous operation declares an empty one)");
            }

            if (!operation.GetProperty("responses").EnumerateObject().Any(r => r.Name.StartsWith('4')))
            {
                _problems.Add($"{name}: no 4xx response");
            }

            if (operation.TryGetProperty("requestBody", out var body)
                && document.Resolve(body).GetProperty("content").TryGetProperty("application/json", out var json)
                && !json.TryGetProperty("example", out _) && !json.TryGetProperty("examples", out _))
            {
                _problems.Add($"{name}: its JSON request body has no example");
            }
        }

        Assert.True(_problems.Count == 0, string.Join(Environment.NewLine, _problems));
    }

    [Fact]
    public async Task Both_answers_of_login_are_described()
    {
        var document = await LoadAsync();
        var declared = document.Response("POST", "/api/v1/login", 200) ?? throw new InvalidOperationException("login declares no 200");
        var schema = declared.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText();
        Assert.Contains("#/components/schemas/TokenResponse", schema, StringComparison.Ordinal);
        Assert.Contains("#/components/schemas/MfaChallengeResponse", schema, StringComparison.Ordinal);
    }

    private async Task<OpenApiDocument> LoadAsync()
    {
        using var response = await fixture.Client.GetAsync("/openapi/v1.json");
        return new OpenApiDocument(await response.ReadJsonAsync());
    }

    /// <summary>Sends the request, checks it got <paramref name="expected"/> (the test's own premise), then records
    /// whether the document declares that answer for <paramref name="path"/>.</summary>
    private async Task<JsonElement> CheckAsync(OpenApiDocument document, string method, string path, Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
    {
        using var response = await send();
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        var body = text.Length > 0 && response.Content.Headers.ContentType is { MediaType: "application/json" }
            ? JsonDocument.Parse(text).RootElement.Clone()
            : (JsonElement?)null;
        Record(document, method, path, response.StatusCode, body);
        return body ?? default;
    }

    private void Record(OpenApiDocument document, string method, string path, HttpStatusCode status, JsonElement? body)
    {
        var code = (int)status;
        if (document.Response(method, path, code) is not { } declared)
        {
            _problems.Add($"{method} {path} answered {code}, which the document does not declare");
            return;
        }

        if (code < 400)
        {
            return;
        }

        if (body is not { } error)
        {
            _problems.Add($"{method} {path} answered {code} without a JSON body");
            return;
        }

        if (!declared.TryGetProperty("content", out var content) || !content.TryGetProperty("application/json", out var media))
        {
            _problems.Add($"{method} {path} {code}: the document declares no JSON body");
            return;
        }

        var schema = media.GetProperty("schema");
        if (!schema.TryGetProperty("$ref", out var reference) || reference.GetString() != "#/components/schemas/ErrorResponse")
        {
            _problems.Add($"{method} {path} {code}: declared with {schema}, not the ErrorResponse schema");
        }

        _problems.AddRange(document.Violations(error, schema).Select(v => $"{method} {path} {code}: {v}"));
        if (error.TryGetProperty("status_code", out var repeated) && repeated.GetInt32() != code)
        {
            _problems.Add($"{method} {path} {code}: status_code says {repeated.GetInt32().ToString(CultureInfo.InvariantCulture)}");
        }
    }
}
