using Microsoft.Extensions.DependencyInjection;
using VetrAI.Grains.Abstractions.Auth;

namespace VetrAI.Grains.Auth;

internal static class AuthSiloBuilderExtensions
{
    public static ISiloBuilder AddAuthFeature(this ISiloBuilder builder)
    {
        builder.Services.AddOptions<SignInOptions>();
        return builder
            .AddStateJson(AuthJsonContext.Default)
            .AddStateJson(AuthStateJsonContext.Default);
    }
}
