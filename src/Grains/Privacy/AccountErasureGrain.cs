using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Notifications;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.Privacy;
using VetrAI.Grains.Abstractions.ReadModels;
using VetrAI.Grains.Abstractions.Tickets;
using VetrAI.Grains.Abstractions.Users;
using VetrAI.Grains.Audit;
using VetrAI.Grains.ObjectStorage;
using VetrAI.Grains.Scheduling;

namespace VetrAI.Grains.Privacy;

/// <summary>Erases accounts of one organization, one at a time (the grain does not interleave). An erasure is
/// checked (password, last org_admin), then recorded with a reminder before its first step, then run: the user
/// record goes first and at once (from then on no token works and no sign-in succeeds), then the rest, each step
/// idempotent: the email index entry and the address's sign-in gate (failures, MFA steps), the membership (or the whole organization when the user was alone in it),
/// the notification inbox, the user's name on tickets, the stored exports and the audit trail's mentions. A step
/// that fails leaves the record in place and the reminder runs the steps again until all succeed.</summary>
internal sealed partial class AccountErasureGrain(
    [PersistentState("accounterasure")] IPersistentState<AccountErasureState> erasures,
    TicketsOfUser ticketsOfUser,
    AuditPersonalData audit,
    IObjectStorage storage,
    IOptions<PrivacyOptions> options,
    ILogger<AccountErasureGrain> logger) : Grain, IAccountErasureGrain, IRemindable
{
    private const string CompletionReminder = "complete";
    private const int MemberPageSize = 200;

    public async Task EraseAsync(EraseAccountCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var userGrain = GrainFactory.GetGrain<IUserGrain>(command.UserId);
        var user = await userGrain.GetAsync();
        if (!string.Equals(IAccountErasureGrain.KeyFor(user.Id, user.OrganizationId), this.GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            throw new ConflictException("The account's organization changed during the request; retry.");
        }

        if (user.Roles.Contains(Roles.SuperAdmin, StringComparer.Ordinal))
        {
            throw new ConflictException("A super admin account cannot be erased; it belongs to the platform's operators.");
        }

        if (!await userGrain.CheckPasswordAsync(command.Password))
        {
            throw new InvalidInputException("password is incorrect.");
        }

        var deleteOrganization = user.OrganizationId is { } organizationId && await CheckOrganizationAsync(user, organizationId);
        var pending = new PendingErasure
        {
            UserId = user.Id,
            AnonymousId = $"{PersonalData.AnonymousIdPrefix}{Guid.NewGuid():N}",
            NormalizedEmail = EmailAddresses.Normalize(user.Email),
            OrganizationId = user.OrganizationId,
            DeleteOrganization = deleteOrganization,
            Actor = command.Actor,
        };

        // Recorded (with its reminder) before the first step: from here on the erasure completes whatever fails.
        await this.ArmAsync(CompletionReminder, options.Value.ErasureRetryDelay);
        erasures.State = erasures.State with { Pending = [.. erasures.State.Pending.Where(p => p.UserId != user.Id), pending] };
        await erasures.WriteStateAsync();

        // The user's record is the commit point: its failure is the request's (the reminder still completes it).
        await userGrain.EraseAsync(new EraseUserCommand(pending.AnonymousId, pending.Actor));
        await TryCompleteAsync(pending);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        foreach (var pending in erasures.State.Pending.ToList())
        {
            try
            {
                await GrainFactory.GetGrain<IUserGrain>(pending.UserId).EraseAsync(new EraseUserCommand(pending.AnonymousId, pending.Actor));
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogStepFailed(logger, exception, pending.UserId);
                continue;
            }

            await TryCompleteAsync(pending);
        }

        if (erasures.State.Pending.Count == 0)
        {
            await this.DisarmAsync(reminderName);
        }
    }

    /// <summary>Whether the organization goes with the user (they are its only member). Throws when the user is its
    /// last active org_admin and others remain.</summary>
    private async Task<bool> CheckOrganizationAsync(UserInfo user, string organizationId)
    {
        var organization = await GrainFactory.GetGrain<IOrganizationGrain>(organizationId).GetAsync();
        if (organization.Deleted)
        {
            return false;
        }

        var others = 0;
        var otherAdmins = 0;
        var listing = GrainFactory.GetGrain<IListingGrain>(0);
        ListPosition? after = null;
        do
        {
            var page = await listing.ListUsersAsync(organizationId, null, new PageQuery(MemberPageSize, after));
            foreach (var member in page.Items.Where(m => !string.Equals(m.Id, user.Id, StringComparison.Ordinal)))
            {
                others++;
                if (member.Active && member.Roles.Contains(Roles.OrgAdmin, StringComparer.Ordinal))
                {
                    otherAdmins++;
                }
            }

            after = page.Next;
        }
        while (after is not null);

        if (others > 0 && otherAdmins == 0 && user.Roles.Contains(Roles.OrgAdmin, StringComparer.Ordinal))
        {
            throw new ConflictException(
                "You are the last org_admin of an organization with other members: make another member org_admin, or delete the organization, first.");
        }

        return others == 0;
    }

    /// <summary>The steps after the user's record, each idempotent; a failure is left to the reminder.</summary>
    private async Task TryCompleteAsync(PendingErasure pending)
    {
        try
        {
            await GrainFactory.GetEmailIndexGrain(pending.NormalizedEmail).ReleaseAsync(pending.UserId);
            await GrainFactory.GetSignInGrain(pending.NormalizedEmail).ForgetAsync();
            if (pending.OrganizationId is { } organizationId)
            {
                await LeaveOrganizationAsync(pending, organizationId);
                await foreach (var ticket in ticketsOfUser.ListAsync(organizationId, pending.UserId, CancellationToken.None))
                {
                    await GrainFactory.GetGrain<ITicketGrain>(ticket.Id).ReplaceUserAsync(pending.UserId, pending.AnonymousId);
                }
            }

            await GrainFactory.GetGrain<INotificationInboxGrain>(pending.UserId).EraseAsync();
            var tenant = PersonalData.PersonalTenant(pending.UserId);
            foreach (var archive in await storage.ListAsync(tenant, "exports/", CancellationToken.None))
            {
                await storage.DeleteAsync(ObjectKey.Create(tenant, archive.Key[ObjectKey.Prefix(tenant).Length..].Split('/')), CancellationToken.None);
            }

            // Last: the steps above write audit entries of their own (the organization's deletion).
            await audit.AnonymizeAsync(pending.UserId, pending.NormalizedEmail, pending.AnonymousId, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogStepFailed(logger, exception, pending.UserId);
            return;
        }

        erasures.State = erasures.State with { Pending = [.. erasures.State.Pending.Where(p => p.UserId != pending.UserId)] };
        await erasures.WriteStateAsync();
        if (erasures.State.Pending.Count == 0)
        {
            await this.DisarmAsync(CompletionReminder);
        }

        LogErased(logger, this.GetPrimaryKeyString());
    }

    private async Task LeaveOrganizationAsync(PendingErasure pending, string organizationId)
    {
        var organization = GrainFactory.GetGrain<IOrganizationGrain>(organizationId);
        await organization.RemoveMemberAsync(pending.UserId);
        if (pending.DeleteOrganization && await organization.ExistsAsync())
        {
            await organization.DeleteAsync(pending.Actor);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A step of the erasure of user {UserId} failed; the erasure's reminder retries it")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "An account of {ErasureKey} was erased")]
    private static partial void LogErased(ILogger logger, string erasureKey);
}

/// <summary>The erasures of one organization that have started and not yet finished every step.</summary>
internal sealed record AccountErasureState
{
    public IReadOnlyList<PendingErasure> Pending { get; init; } = [];
}

/// <summary>An erasure under way. It holds the user's normalized email only until its steps are done (the index
/// entry and the audit trail's mentions are found by it); then the record goes.</summary>
internal sealed record PendingErasure
{
    public string UserId { get; init; } = "";

    public string AnonymousId { get; init; } = "";

    public string NormalizedEmail { get; init; } = "";

    public string? OrganizationId { get; init; }

    /// <summary>The user was the organization's only member: it is deleted with them.</summary>
    public bool DeleteOrganization { get; init; }

    public ActorContext Actor { get; init; } = ActorContext.System;
}
