using Microsoft.Extensions.DependencyInjection.Extensions;
using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Runtime;

namespace VetrAI.Grains.Audit;

internal static class AuditSiloBuilderExtensions
{
    public static ISiloBuilder AddAuditFeature(this ISiloBuilder builder)
    {
        builder.Services.TryAddSingleton<IAuditLog, PostgresAuditLog>();
        return builder.AddJsonTypeInfoResolver(AuditJsonContext.Default);
    }
}
