using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.Grains.Users;

internal static class UsersSiloBuilderExtensions
{
    public static ISiloBuilder AddUsersFeature(this ISiloBuilder builder)
    {
        builder.Services.AddOptions<UserOptions>();
        builder.Services.TryAddSingleton<IPasswordHasher<UserState>, PasswordHasher<UserState>>();
        return builder
            .AddStateJson(UsersJsonContext.Default)
            .AddStateJson(UsersStateJsonContext.Default);
    }
}
