using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using VetrAI.Grains.Notifications;
using VetrAI.Grains.Tests.Hosting;
using VetrAI.TestSupport;

namespace VetrAI.Grains.Tests.Auth;

/// <summary>A cluster for the sign-in gate tests, with a clock they can move (lockout windows) and a notifier that
/// keeps what it is handed instead of delivering it.</summary>
public sealed class SignInClusterFixture() : GrainClusterFixture("signin")
{
    /// <summary>The grains' clock; Orleans' own areas stay on real time.</summary>
    internal ShiftedClock Clock { get; } = new();

    internal RecordingNotifier Notifier { get; } = new();

    private protected override void Configure(ISiloBuilder silo)
    {
        silo.Services.AddSingleton<TimeProvider>(Clock);
        silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        silo.Services.AddSingleton<INotifier>(Notifier);
    }
}

/// <summary>Stands in for the notification inboxes: records each notice to a user (user id, template).</summary>
internal sealed class RecordingNotifier : INotifier
{
    private readonly ConcurrentQueue<(string UserId, string TemplateKey)> _sent = new();

    /// <summary>The templates of the notices handed off for <paramref name="userId"/>, in order.</summary>
    public IReadOnlyList<string> SentTo(string userId) => _sent.Where(n => n.UserId == userId).Select(n => n.TemplateKey).ToList();

    public Task NotifyUserAsync(string userId, string? organizationId, string templateKey, IReadOnlyDictionary<string, string> data)
    {
        _sent.Enqueue((userId, templateKey));
        return Task.CompletedTask;
    }

    public Task NotifyRolesAsync(
        string organizationId, IReadOnlyList<string> roles, string templateKey, IReadOnlyDictionary<string, string> data, string? exceptUserId = null)
        => Task.CompletedTask;

    public Task<string> NameOfAsync(string userId) => Task.FromResult("someone");
}
