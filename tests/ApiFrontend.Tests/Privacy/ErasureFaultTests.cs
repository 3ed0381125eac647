using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.ApiFrontend.Tests.Tickets;
using VetrAI.Grains.ObjectStorage;
using VetrAI.Grains.Privacy;
using VetrAI.TestSupport;

namespace VetrAI.ApiFrontend.Tests.Privacy;

/// <summary>The support harness whose object storage is reached through a <see cref="TcpForwarder"/>, so a test can
/// take it down for this front end alone, and whose erasures look for unfinished steps after half a second.</summary>
public sealed class ErasureFaultFixture : SupportFixture
{
    private TcpForwarder? _storage;

    public TcpForwarder Storage => _storage ?? throw new InvalidOperationException("The fixture has not started.");

    protected override void Configure(TestFrontendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        base.Configure(options);
        var target = new Uri(options.Settings["VETRAI_S3_ENDPOINT"]!);
        _storage = new TcpForwarder(target.Host, target.Port);
        _storage.Up();
        options.Settings["VETRAI_S3_ENDPOINT"] = $"http://127.0.0.1:{_storage.Port.ToString(CultureInfo.InvariantCulture)}";
        var configureServices = options.ConfigureServices;
        options.ConfigureServices = services =>
        {
            configureServices?.Invoke(services);
            services.Configure<PrivacyOptions>(o => o.ErasureRetryDelay = TimeSpan.FromMilliseconds(500));
        };
    }
}

public sealed class ErasureFaultTests(ErasureFaultFixture fixture) : IClassFixture<ErasureFaultFixture>
{
    [Fact]
    public async Task An_erasure_interrupted_by_a_fault_is_completed_later_and_the_user_is_gone_at_once()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var user = await fixture.AddMemberAsync(admin, "user");
        await PrivacyApi.ExportAsync(user);

        await fixture.Storage.DownAsync();
        try
        {
            using (var erased = await PrivacyApi.EraseAsync(user))
            {
                Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
            }

            // Half way: the account is gone at once, whatever is left to do.
            await (await user.Client.GetAsync("/api/v1/me")).ReadErrorAsync(HttpStatusCode.Unauthorized);
            await (await fixture.Client.PostJsonAsync("/api/v1/login", new { user.Email, user.Password })).ReadErrorAsync(HttpStatusCode.Unauthorized);
            Assert.True(await MentionsAsync(user.UserId), "the audit trail is rewritten last, after the archives are deleted");
        }
        finally
        {
            fixture.Storage.Up();
        }

        await Wait.ForAsync(async () => !await MentionsAsync(user.UserId), "the erasure's reminder to finish the audit rewrite", TimeSpan.FromSeconds(60));
        var storage = fixture.Frontend.Services.GetRequiredService<IObjectStorage>();
        Assert.Empty(await storage.ListAsync($"user-{user.UserId}", "exports/", CancellationToken.None));
        var again = await fixture.RegisterAsync(user.Email);
        await (await again.Client.GetAsync("/api/v1/me")).ReadJsonAsync();
    }

    private async Task<bool> MentionsAsync(string userId)
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM audit_log WHERE actor_id = $1 OR strpos(coalesce(target, ''), $1) > 0 OR strpos(details::text, $1) > 0", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}
