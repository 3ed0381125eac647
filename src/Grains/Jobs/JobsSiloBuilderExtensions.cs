using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Jobs.UsageReport;
using VetrAI.Grains.Jobs.Webhook;
using VetrAI.Grains.ObjectStorage;

namespace VetrAI.Grains.Jobs;

/// <summary>Hosts background jobs in a silo.</summary>
public static class JobsSiloBuilderExtensions
{
    /// <summary>Adds the job grain, the silo's worker pool, job options (VETRAI_JOBS_*) and the built-in
    /// handlers (<c>webhook</c>, <c>usage_report</c>). More handlers: register further <see cref="IJobHandler"/>s.</summary>
    public static ISiloBuilder AddVetrAIJobs(this ISiloBuilder builder, Action<JobOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddStateJson(JobsJsonContext.Default);
        var services = builder.Services;
        var options = services.AddOptions<JobOptions>()
            .Configure<IConfiguration>((o, configuration) =>
            {
                if (int.TryParse(configuration["VETRAI_JOBS_MAX_CONCURRENCY"], out var concurrency))
                {
                    o.MaxConcurrency = concurrency;
                }

                if (int.TryParse(configuration["VETRAI_JOBS_BACKOFF_BASE_MS"], out var backoff))
                {
                    o.BackoffBase = TimeSpan.FromMilliseconds(backoff);
                }

                if (bool.TryParse(configuration["VETRAI_JOBS_WEBHOOK_PRIVATE_NETWORKS"], out var privateNetworks))
                {
                    o.WebhooksMayReachPrivateNetworks = privateNetworks;
                }
            })
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobOptions>, JobOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JobHandlerRegistry>();
        services.TryAddSingleton<JobMetrics>();
        services.TryAddSingleton<JobWorkerPool>();
        services.TryAddSingleton<IJobDispatcher>(sp => sp.GetRequiredService<JobWorkerPool>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<JobWorkerPool>());
        services.AddVetrAIObjectStorage();
        services.AddHttpClient(WebhookJobHandler.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
                WebhookJobHandler.CreateHttpHandler(sp.GetRequiredService<IOptions<JobOptions>>().Value.WebhooksMayReachPrivateNetworks));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobHandler, WebhookJobHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobHandler, UsageReportJobHandler>());
        return builder;
    }
}
