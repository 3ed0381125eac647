using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VetrAI.Grains.ApiKeys;
using VetrAI.Grains.Audit;
using VetrAI.Grains.Auth;
using VetrAI.Grains.Billing;
using VetrAI.Grains.Jobs;
using VetrAI.Grains.Notifications;
using VetrAI.Grains.Organizations;
using VetrAI.Grains.Privacy;
using VetrAI.Grains.ReadModels;
using VetrAI.Grains.Scheduling;
using VetrAI.Grains.Themes;
using VetrAI.Grains.Tickets;
using VetrAI.Grains.Users;

namespace VetrAI.Grains;

/// <summary>Hosts VetrAI's grains in a silo.</summary>
public static class GrainsSiloBuilderExtensions
{
    /// <summary>Registers every feature's services and the JSON metadata of their grains' state. Orleans finds the
    /// grain classes itself; the silo applies this assembly's SQL migrations (every embedded
    /// <c>&lt;Feature&gt;/Migrations/NNN_name.sql</c>). A new feature adds one line here.</summary>
    public static ISiloBuilder AddVetrAIGrains(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        // IMeterFactory, which every feature's instruments come from (hosts built by Host.CreateApplicationBuilder
        // have it already; this covers the others).
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<GrainStateJson>();
        builder.Services.TryAddSingleton<StateRows>();
        // Deadline reminders redeliver more often than Orleans' default minimum period allows.
        builder.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = DeadlineReminders.RedeliveryPeriod);
        return builder
            .AddAuditFeature()
            .AddOrganizationsFeature()
            .AddUsersFeature()
            .AddAuthFeature()
            .AddApiKeysFeature()
            .AddVetrAITickets()
            .AddVetrAIJobs()
            .AddBillingFeature()
            .AddThemesFeature()
            .AddNotificationsFeature()
            .AddPrivacyFeature();
    }
}
