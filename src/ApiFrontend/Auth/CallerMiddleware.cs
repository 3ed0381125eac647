using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>Enforces each endpoint's <see cref="CallerRequirement"/> after routing and before the endpoint
/// runs (so an unauthenticated request is a 401 even when its body is also malformed).</summary>
internal sealed class CallerMiddleware(RequestDelegate next, CallerResolver resolver)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var requirement = context.GetEndpoint()?.Metadata.GetMetadata<CallerRequirement>();
        if (requirement is not null)
        {
            var caller = await resolver.ResolveAsync(context);
            if (!caller.HasAnyRole(requirement.Roles))
            {
                throw new ForbiddenException($"This action requires one of the roles: {string.Join(", ", requirement.Roles)}.");
            }
        }

        await next(context);
    }
}
