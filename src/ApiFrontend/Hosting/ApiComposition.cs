using VetrAI.ApiFrontend.ApiKeys;
using VetrAI.ApiFrontend.Audit;
using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.Billing;
using VetrAI.ApiFrontend.Cluster;
using VetrAI.ApiFrontend.Dashboard;
using VetrAI.ApiFrontend.Jobs;
using VetrAI.ApiFrontend.Notifications;
using VetrAI.ApiFrontend.Organizations;
using VetrAI.ApiFrontend.Privacy;
using VetrAI.ApiFrontend.Themes;
using VetrAI.ApiFrontend.Tickets;
using VetrAI.ApiFrontend.Users;
using VetrAI.Grains.Billing;
using VetrAI.Grains.ObjectStorage;
using VetrAI.Grains.Themes;
using VetrAI.Grains.Tickets;

namespace VetrAI.ApiFrontend.Hosting;

/// <summary>The API areas: each adds one line to each method (its services, its endpoints).</summary>
public static class ApiComposition
{
    /// <summary>Registers what the areas' handlers use.</summary>
    public static WebApplicationBuilder AddVetrAIApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // Auth
        services.AddSingleton<TokenResponses>();
        services.AddSingleton<Registration>();
        services.AddSingleton<VerificationMailer>();

        // Organizations
        services.AddSingleton<OrganizationCreation>();

        // Users
        services.AddSingleton<InvitationMailer>();
        services.AddSingleton<UserAdministration>();

        // Audit

        // API keys
        services.AddVetrAIApiKeys();
        // Tickets: attachments stream straight between the client and object storage.
        services.AddVetrAITicketOptions();
        services.AddVetrAIObjectStorage();
        // Billing: the front end checks Stripe's webhook signatures.
        services.AddVetrAIBillingOptions();
        services.AddSingleton<WebhookMetrics>();
        // Themes: uploads are checked here, before anything reaches object storage.
        services.AddVetrAIThemeOptions();
        return builder;
    }

    /// <summary>Maps every area's endpoints under <c>/api/v1</c>.</summary>
    public static IEndpointRouteBuilder MapVetrAIApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapAuthEndpoints();
        routes.MapAccountSecurityEndpoints();
        routes.MapOrganizationsEndpoints();
        routes.MapUsersEndpoints();
        routes.MapAuditLogEndpoints();
        routes.MapApiKeyEndpoints();
        routes.MapTicketsEndpoints();
        routes.MapJobsEndpoints();
        routes.MapBillingEndpoints();
        routes.MapThemesEndpoints();
        routes.MapNotificationsEndpoints();
        routes.MapPrivacyEndpoints();
        routes.MapClusterEndpoints();
        routes.MapDashboardEndpoints();
        return routes;
    }
}
