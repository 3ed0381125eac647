using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VetrAI.Grains.ObjectStorage;

namespace VetrAI.Grains.Tickets;

/// <summary>Hosts support tickets in a silo.</summary>
public static class TicketsSiloBuilderExtensions
{
    /// <summary>Adds the ticket and SLA-policy grains, their JSON metadata, the breach log, ticket options
    /// (VETRAI_TICKETS_*) and object storage for attachments.</summary>
    public static ISiloBuilder AddVetrAITickets(this ISiloBuilder builder, Action<TicketOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder
            .AddStateJson(TicketsJsonContext.Default);
        var services = builder.Services;
        services.AddVetrAITicketOptions(configure);
        services.AddVetrAIObjectStorage();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITicketBreachLog, PostgresTicketBreachLog>();
        services.TryAddSingleton<SlaMetrics>();
        services.TryAddSingleton<ITicketAssignees, UserGrainTicketAssignees>();
        return builder;
    }

    /// <summary>Ticket options (VETRAI_TICKETS_MAX_ATTACHMENT_BYTES, VETRAI_TICKETS_ATTACHMENT_TYPES), for hosts
    /// that need them without hosting the grains (a front end in client mode).</summary>
    public static IServiceCollection AddVetrAITicketOptions(this IServiceCollection services, Action<TicketOptions>? configure = null)
    {
        var options = services.AddOptions<TicketOptions>()
            .Configure<IConfiguration>((o, configuration) =>
            {
                if (long.TryParse(configuration["VETRAI_TICKETS_MAX_ATTACHMENT_BYTES"], out var maxBytes))
                {
                    o.MaxAttachmentBytes = maxBytes;
                }

                if (configuration["VETRAI_TICKETS_ATTACHMENT_TYPES"] is { Length: > 0 } types)
                {
                    o.AllowedAttachmentTypes.Clear();
                    foreach (var type in types.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        o.AllowedAttachmentTypes.Add(type.ToLowerInvariant());
                    }
                }
            })
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TicketOptions>, TicketOptionsValidator>());
        return services;
    }
}
