using Microsoft.Extensions.DependencyInjection;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.Grains.Jobs;

namespace VetrAI.ApiFrontend.Tests.Tickets;

/// <summary>The harness with object storage on the test s3rver (a bucket of its own), an 8 MiB attachment
/// limit, fast reminders and test-sized job timings; plus helpers to make an organization's staff.</summary>
public class SupportFixture : ApiFixture
{
    public const long AttachmentLimit = 8L * 1024 * 1024;

    public string Bucket { get; } = $"e2e-{Guid.NewGuid():N}";

    protected override void Configure(TestFrontendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Settings["VETRAI_S3_ENDPOINT"] = Environment.GetEnvironmentVariable("VETRAI_TEST_S3_ENDPOINT")
            ?? throw new InvalidOperationException("VETRAI_TEST_S3_ENDPOINT is not set: run the tests with ./test.sh, which starts s3rver and sets it.");
        options.Settings["VETRAI_S3_ACCESS_KEY"] = "S3RVER";
        options.Settings["VETRAI_S3_SECRET_KEY"] = "S3RVER";
        options.Settings["VETRAI_S3_BUCKET"] = Bucket;
        options.Settings["VETRAI_TICKETS_MAX_ATTACHMENT_BYTES"] = AttachmentLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        options.ConfigureServices = services => services.Configure<JobOptions>(jobs =>
        {
            jobs.BackoffBase = TimeSpan.FromMilliseconds(300);
            jobs.BackoffMax = TimeSpan.FromSeconds(2);
            jobs.LeaseDuration = TimeSpan.FromSeconds(2);
            jobs.LeaseRenewInterval = TimeSpan.FromMilliseconds(250);
            jobs.WebhooksMayReachPrivateNetworks = true;
        });
    }

    /// <summary>An organization with its admin, a support agent and two plain users.</summary>
    public async Task<SupportOrg> CreateOrgAsync()
    {
        var admin = await RegisterOrgAdminAsync();
        return new SupportOrg(
            admin,
            await AddMemberAsync(admin, "support_agent"),
            await AddMemberAsync(admin, "user"),
            await AddMemberAsync(admin, "user"));
    }
}

public sealed record SupportOrg(TestSession Admin, TestSession Agent, TestSession User, TestSession OtherUser);
