using Microsoft.AspNetCore.Identity;
using VetrAI.Grains.Abstractions.Users;
using VetrAI.Grains.Privacy;

namespace VetrAI.Grains.Users;

/// <summary>The user's side of the GDPR requests: the export of what the grain holds and the erasure of it.</summary>
internal sealed partial class UserGrain
{
    public Task<UserExport> ExportAsync()
    {
        var current = Existing();
        var sessions = current.Sessions
            .Select(s => new ExportedSession(s.Id, s.CreatedAt, s.ExpiresAt, s.RevokedAt, s.LastUsedAt ?? s.CreatedAt, s.ClientAddress, s.UserAgent))
            .ToList();
        return Task.FromResult(new UserExport(current.ToInfo(), current.UpdatedAt, sessions));
    }

    public Task<bool> CheckPasswordAsync(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!state.RecordExists || state.State.PasswordHash is not { } hash)
        {
            UserRules.SpendHashingTime(passwordHasher, password);
            return Task.FromResult(false);
        }

        var verification = passwordHasher.VerifyHashedPassword(state.State, hash, password);
        return Task.FromResult(verification != PasswordVerificationResult.Failed);
    }

    public async Task<ErasedUser> EraseAsync(EraseUserCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!state.RecordExists)
        {
            return new ErasedUser(command.AnonymousId, Erased: false);
        }

        var organizationId = state.State.OrganizationId;

        // One write removes everything at once: there is no moment where part of the profile is gone and the
        // user can still sign in. Without a record every token is refused (AuthorizeAccessAsync answers null).
        await state.ClearStateAsync();
        await AuditAsync(PrivacyAuditActions.UserErased, command.Actor, organizationId: organizationId);
        DeactivateOnIdle();
        return new ErasedUser(command.AnonymousId, Erased: true);
    }
}
