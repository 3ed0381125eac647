using Microsoft.Extensions.DependencyInjection;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Runtime;

namespace VetrAI.Grains.Auth;

internal static class AuthSiloBuilderExtensions
{
    public static ISiloBuilder AddAuthFeature(this ISiloBuilder builder)
    {
        builder.Services.AddOptions<LoginThrottleOptions>();
        return builder
            .AddGrain<IEmailIndexGrain, EmailIndexGrain>()
            .AddGrain<ISignInGrain, SignInGrain>()
            .AddJsonTypeInfoResolver(AuthJsonContext.Default)
            .AddJsonTypeInfoResolver(AuthStateJsonContext.Default);
    }
}
