using Microsoft.Extensions.DependencyInjection.Extensions;
using VetrAI.Grains.Abstractions.Audit;

namespace VetrAI.Grains.Audit;

internal static class AuditSiloBuilderExtensions
{
    public static ISiloBuilder AddAuditFeature(this ISiloBuilder builder)
    {
        builder.Services.TryAddSingleton<IAuditLog, PostgresAuditLog>();
        return builder.AddStateJson(AuditJsonContext.Default);
    }
}
