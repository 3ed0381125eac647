using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.TestSupport;
using VetrAI.ApiFrontend.Tests.Tickets;
using VetrAI.Grains.ObjectStorage;

namespace VetrAI.ApiFrontend.Tests.Privacy;

/// <summary>The support harness with a clock the test moves, and a one-day export lifetime.</summary>
public sealed class DataExportExpiryFixture : SupportFixture
{
    public ShiftedClock Clock { get; } = new();

    protected override void Configure(TestFrontendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        base.Configure(options);
        options.Settings["VETRAI_GDPR_EXPORT_TTL"] = "1.00:00:00";
        var configureServices = options.ConfigureServices;
        options.ConfigureServices = services =>
        {
            configureServices?.Invoke(services);
            services.AddSingleton<TimeProvider>(Clock);
        };
    }
}

public sealed class DataExportExpiryTests(DataExportExpiryFixture fixture) : IClassFixture<DataExportExpiryFixture>
{
    [Fact]
    public async Task An_expired_export_is_not_found_and_its_archive_is_deleted()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var job = await PrivacyApi.ExportAsync(admin);
        var url = PrivacyApi.DownloadUrl(job);
        var expiresAt = job.GetProperty("result").GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expiresAt - fixture.Clock.GetUtcNow(), TimeSpan.FromHours(23), TimeSpan.FromDays(1));
        using (var fresh = await admin.Client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        fixture.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var later = await fixture.LoginAsync(admin.Email);
        await (await later.Client.GetAsync(url)).ReadErrorAsync(HttpStatusCode.NotFound);

        var storage = fixture.Frontend.Services.GetRequiredService<IObjectStorage>();
        Assert.Empty(await storage.ListAsync($"user-{admin.UserId}", "exports/", CancellationToken.None));
    }
}
