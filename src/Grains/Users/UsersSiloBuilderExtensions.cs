using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Users;
using VetrAI.Grains.Users.Mfa;

namespace VetrAI.Grains.Users;

internal static class UsersSiloBuilderExtensions
{
    public static ISiloBuilder AddUsersFeature(this ISiloBuilder builder)
    {
        builder.Services.AddOptions<UserOptions>();
        builder.Services.TryAddSingleton<IPasswordHasher<UserState>, PasswordHasher<UserState>>();
        builder.Services.AddOptions<MfaOptions>()
            .Configure<IConfiguration>((options, configuration) => MfaOptions.Bind(options, configuration))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MfaOptions>, MfaOptionsValidator>());
        builder.Services.TryAddSingleton<TotpSecretProtector>();
        return builder
            .AddStateJson(UsersJsonContext.Default)
            .AddStateJson(UsersStateJsonContext.Default);
    }
}
