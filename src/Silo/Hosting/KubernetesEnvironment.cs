using Microsoft.Extensions.Configuration;

namespace VetrAI.Silo.Hosting;

/// <summary>Whether the silo runs in a Kubernetes pod that was given what Orleans' Kubernetes hosting reads.</summary>
internal static class KubernetesEnvironment
{
    public static bool IsPresent(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["KUBERNETES_SERVICE_HOST"]) && !string.IsNullOrEmpty(configuration["POD_NAME"]);
}
