using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>Creates or repairs the configured super admin once the application (and its silo) started,
/// retrying while the grains are not reachable. Idempotent: the email index names the one user, whoever
/// (which front end, which restart) got there first. Readiness waits for it.</summary>
internal sealed partial class BootstrapAdmin(
    IOptions<BootstrapAdminOptions> options,
    IGrainFactory grainFactory,
    IHostApplicationLifetime lifetime,
    ILogger<BootstrapAdmin> logger) : BackgroundService
{
    private const string FullName = "Platform Administrator";
    private static readonly TimeSpan _retryDelay = TimeSpan.FromSeconds(1);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once the admin exists as configured (or none is configured).</summary>
    public bool IsDone => _done.Task.IsCompleted;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var admin = options.Value;
        if (!admin.IsConfigured)
        {
            _done.TrySetResult();
            return;
        }

        await WaitForStartAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var user = await EnsureAsync(admin.Email!, admin.Password!);
                LogBootstrapped(logger, user.Id, user.Email);
                _done.TrySetResult();
                return;
            }
            catch (Exception exception) when (exception is TimeoutException or ConflictException or InvalidOperationException
                or OrleansException or IOException)
            {
                LogRetry(logger, exception);
                await Task.Delay(_retryDelay, stoppingToken);
            }
        }
    }

    private async Task<UserInfo> EnsureAsync(string email, string password)
    {
        var index = grainFactory.GetEmailIndexGrain(EmailAddresses.Normalize(email));
        var userId = await index.GetOwnerAsync();
        if (userId is null)
        {
            userId = Guid.NewGuid().ToString("N");
            await index.ReserveAsync(userId);
        }

        return await grainFactory.GetGrain<IUserGrain>(userId).EnsureSuperAdminAsync(new EnsureSuperAdminCommand(email, FullName, password));
    }

    private async Task WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Super admin {UserId} ({Email}) is in place")]
    private static partial void LogBootstrapped(ILogger logger, string userId, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not bootstrap the super admin yet; retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception);
}
