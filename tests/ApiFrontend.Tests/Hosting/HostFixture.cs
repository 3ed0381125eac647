using Microsoft.AspNetCore.Builder;
using VetrAI.ApiFrontend.Tests.Infrastructure;

namespace VetrAI.ApiFrontend.Tests.Hosting;

/// <summary>The harness plus a test-only endpoint that crashes, to see what a client gets from a bug.</summary>
public sealed class HostFixture : ApiFixture
{
    public const string CrashPath = "/api/v1/test/crash";
    public const string SecretInCrash = "connection string Password=hunter2";

    protected override void Configure(TestFrontendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ConfigureApp = app => app
            .MapGet(CrashPath, string () => throw new InvalidOperationException(SecretInCrash))
            .AllowAnonymous();
    }
}
