using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace VetrAI.Silo.Hosting;

/// <summary>Which exceptions keep their type across a grain call. Orleans sends only its own and the system's by
/// default; a database failure inside a grain (Npgsql's exceptions) would reach the caller as a codec error, and
/// the front end could not tell it is one (503, not 500).</summary>
internal static class ExceptionSerialization
{
    public static IServiceCollection AddVetrAIExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add("Npgsql"));
}
