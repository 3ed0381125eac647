using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VetrAI.ApiFrontend.Tests.Infrastructure;

namespace VetrAI.ApiFrontend.Tests.Hosting;

public sealed class HostTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Liveness_and_readiness_answer_200()
    {
        using var live = await Client.GetAsync("/health");
        Assert.Equal("ok", (await live.ReadJsonAsync()).GetString("status"));
        using var ready = await Client.GetAsync("/health/ready");
        Assert.Equal("ready", (await ready.ReadJsonAsync()).GetString("status"));
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_endpoints_and_docs_serves_the_explorer()
    {
        using var document = await Client.GetAsync("/openapi/v1.json");
        var json = await document.ReadJsonAsync();
        var paths = json.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/register", paths);
        Assert.Contains("/api/v1/organizations/{id}", paths);
        Assert.Contains("/api/v1/audit-logs", paths);

        using var docs = await Client.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("swagger", await docs.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_web_server_starts_after_the_silo_and_so_stops_before_it()
    {
        // Hosted services start in registration order and stop in reverse: SIGTERM first stops Kestrel taking
        // requests, then the silo deactivates (and persists) every grain.
        var order = fixture.Frontend.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();
        var silo = order.IndexOf("SiloHostedService");
        var server = order.IndexOf("GenericWebHostService");
        Assert.True(silo >= 0 && server > silo, $"hosted services in order: {string.Join(", ", order)}");
    }

    [Fact]
    public async Task An_unknown_route_is_404_with_the_standard_body()
    {
        using var response = await Client.GetAsync("/api/v1/no-such-thing");
        var detail = await response.ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Contains("/api/v1/no-such-thing", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_method_is_405_with_the_standard_body()
    {
        using var response = await Client.DeleteAsync("/api/v1/login");
        await response.ReadErrorAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task An_unhandled_exception_is_500_with_the_standard_body_and_no_internals()
    {
        using var response = await Client.GetAsync(HostFixture.CrashPath);
        var text = await response.Content.ReadAsStringAsync();
        var detail = await response.ReadErrorAsync(HttpStatusCode.InternalServerError);
        Assert.Equal("Internal server error", detail);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_400_with_the_standard_body()
    {
        using var response = await Client.SendRawAsync(HttpMethod.Post, "/api/v1/login", "{\"email\": \"a@b.c\", ");
        var detail = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("JSON", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_400_naming_the_field()
    {
        using var response = await Client.SendRawAsync(HttpMethod.Post, "/api/v1/login", "{\"email\": 42, \"password\": \"x\"}");
        var detail = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("email", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_body_is_400_and_a_wrong_content_type_is_415()
    {
        using var empty = await Client.PostAsync("/api/v1/login", new StringContent("", System.Text.Encoding.UTF8, "application/json"));
        Assert.Contains("body", await empty.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);

        using var text = await Client.SendRawAsync(HttpMethod.Post, "/api/v1/login", "email=a", "text/plain");
        await text.ReadErrorAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_sane_request_id_is_echoed_and_an_insane_one_replaced()
    {
        using var sane = new HttpRequestMessage(HttpMethod.Get, "/health");
        sane.Headers.Add("X-Request-Id", "abc-123.def_4");
        using var saneResponse = await Client.SendAsync(sane);
        Assert.Equal("abc-123.def_4", saneResponse.Headers.GetValues("X-Request-Id").Single());

        using var insane = new HttpRequestMessage(HttpMethod.Get, "/health");
        insane.Headers.TryAddWithoutValidation("X-Request-Id", "<script>alert(1)</script>");
        using var insaneResponse = await Client.SendAsync(insane);
        var replaced = insaneResponse.Headers.GetValues("X-Request-Id").Single();
        Assert.Matches("^[0-9a-f]{32}$", replaced);
    }

    [Fact]
    public async Task Protected_endpoints_answer_401_without_a_token_and_with_a_forged_one()
    {
        using var none = await Client.GetAsync("/api/v1/me");
        await none.ReadErrorAsync(HttpStatusCode.Unauthorized);

        var forged = fixture.CreateClient("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
        using var bad = await forged.GetAsync("/api/v1/me");
        await bad.ReadErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Times_on_the_wire_are_utc_with_z()
    {
        var session = await fixture.RegisterAsync();
        using var me = await session.Client.GetAsync("/api/v1/me");
        var createdAt = (await me.ReadJsonAsync()).GetString("created_at");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", createdAt);
        Assert.Equal(JsonValueKind.String, (await (await session.Client.GetAsync("/api/v1/me")).ReadJsonAsync()).GetProperty("email").ValueKind);
    }
}
