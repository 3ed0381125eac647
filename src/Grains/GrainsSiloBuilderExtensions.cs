using Microsoft.Extensions.DependencyInjection.Extensions;
using VetrAI.Grains.ApiKeys;
using VetrAI.Grains.Audit;
using VetrAI.Grains.Auth;
using VetrAI.Grains.Jobs;
using VetrAI.Grains.Organizations;
using VetrAI.Grains.Tickets;
using VetrAI.Grains.Users;
using VetrAI.Runtime;

namespace VetrAI.Grains;

/// <summary>Hosts VetrAI's grains in a silo.</summary>
public static class GrainsSiloBuilderExtensions
{
    /// <summary>Registers every feature's grains, the JSON metadata of their records and state, and the SQL
    /// migrations of this assembly (every embedded <c>&lt;Feature&gt;/Migrations/NNN_name.sql</c>, applied once each
    /// in name order). A new feature adds one line here.</summary>
    public static ISiloBuilder AddVetrAIGrains(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder
            .AddSchemaMigrations("grains", typeof(GrainsSiloBuilderExtensions).Assembly)
            .AddAuditFeature()
            .AddOrganizationsFeature()
            .AddUsersFeature()
            .AddAuthFeature()
            .AddApiKeysFeature()
            .AddVetrAITickets()
            .AddVetrAIJobs();
    }
}
