using System.Net;
using Npgsql;
using VetrAI.ApiFrontend.Tests.Infrastructure;

namespace VetrAI.ApiFrontend.Tests.Bootstrap;

public sealed class BootstrapAdminTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_super_admin_exists_once_across_restarts_and_can_act_on_any_organization()
    {
        var before = await fixture.LoginAsAdminAsync();
        using (var me = await before.Client.GetAsync("/api/v1/me"))
        {
            var body = await me.ReadJsonAsync();
            Assert.Equal(["super_admin"], body.GetStrings("roles"));
        }

        await fixture.RestartAsync();
        await fixture.RestartAsync();

        var after = await fixture.LoginAsAdminAsync();
        Assert.Equal(before.UserId, after.UserId);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM grain_storage WHERE state_name = 'user' AND payload IS NOT NULL AND payload->>'NormalizedEmail' = $1", ApiFixture.AdminEmail));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'user.super_admin_bootstrapped' AND $1 <> ''", "x"));

        // A token issued before the restarts is still good (same signing key, revocations kept in the grain).
        using (var me = await before.Client.GetAsync("/api/v1/me"))
        {
            await me.ReadJsonAsync();
        }

        var orgAdmin = await fixture.RegisterOrgAdminAsync();
        using var foreign = await after.Client.GetAsync($"/api/v1/organizations/{orgAdmin.OrganizationId}");
        await foreign.ReadJsonAsync();
        using var users = await after.Client.GetAsync($"/api/v1/users?organization_id={orgAdmin.OrganizationId}");
        Assert.Single((await users.ReadJsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Registered_data_survives_a_restart()
    {
        var session = await fixture.RegisterOrgAdminAsync();
        using (var logout = await session.Client.PostAsync("/api/v1/logout", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        await fixture.RestartAsync();

        // The revocation outlived the restart, and the account did too.
        using var revoked = await fixture.CreateClient(session.AccessToken).GetAsync("/api/v1/me");
        await revoked.ReadErrorAsync(HttpStatusCode.Unauthorized);
        var again = await fixture.LoginAsync(session.Email);
        Assert.Equal(session.OrganizationId, again.OrganizationId);
    }

    private async Task<long> CountAsync(string sql, string parameter)
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(parameter);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
