using System.Text.Json;

namespace VetrAI.ApiFrontend.Tests.Infrastructure;

/// <summary>A signed-in user: the tokens from register/login and a client that sends the access token.</summary>
public sealed record TestSession(
    string UserId,
    string? OrganizationId,
    string Email,
    string Password,
    string AccessToken,
    string RefreshToken,
    HttpClient Client) : IDisposable
{
    /// <summary>Reads a token answer (register, login, refresh, invitation acceptance).</summary>
    public static TestSession From(JsonElement body, string password, Uri baseAddress)
    {
        var user = body.GetProperty("user");
        var access = body.GetString("access_token");
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = Api.Bearer(access);
        var organization = user.GetProperty("organization_id");
        return new TestSession(
            user.GetString("id"),
            organization.ValueKind == JsonValueKind.Null ? null : organization.GetString(),
            user.GetString("email"),
            password,
            access,
            body.GetString("refresh_token"),
            client);
    }

    public void Dispose() => Client.Dispose();
}
