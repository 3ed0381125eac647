using Npgsql;
using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.Grains.Tests.Auth;

/// <summary>The sign-in gate of an address: one failure window for wrong passwords given at sign-in and when a
/// signed-in user confirms a grave change (re-authentication). Each test has a user of its own; the clock only
/// moves forward, so a window one test waits out never reaches another's failures.</summary>
public sealed class SignInGateTests(SignInClusterFixture silo) : IClassFixture<SignInClusterFixture>
{
    private const string Password = "correct-horse-42";
    private static readonly ActorContext _actor = new(null, null, "127.0.0.1");

    private readonly SignInClusterFixture _silo = silo;

    [Fact]
    public async Task Wrong_passwords_at_re_authentication_and_at_sign_in_fill_one_window_that_refuses_the_right_password_everywhere()
    {
        var user = await CreateUserAsync();
        await GuessAtReauthenticationAsync(user, 3);
        await GuessAtSignInAsync(user, 2);

        var reauthentication = await ReauthenticateAsync(user, Password);
        Assert.Equal(ReauthenticationStatus.Throttled, reauthentication.Status);
        Assert.InRange(reauthentication.RetryAfter ?? TimeSpan.Zero, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        var signIn = await SignInAsync(user, Password);
        Assert.Equal(SignInStatus.Throttled, signIn.Status);
        Assert.Null(signIn.Session);
        Assert.Equal(["security.lockout"], _silo.Notifier.SentTo(user.Id));
    }

    [Fact]
    public async Task Attempts_while_locked_check_nothing_count_nothing_and_the_lock_ends_with_the_window()
    {
        var user = await CreateUserAsync();
        await GuessAtReauthenticationAsync(user, 5);

        _silo.Clock.Advance(TimeSpan.FromMinutes(10));
        for (var i = 0; i < 3; i++)
        {
            var locked = await ReauthenticateAsync(user, $"locked-guess-{i}");
            Assert.Equal(ReauthenticationStatus.Throttled, locked.Status);
            Assert.InRange(locked.RetryAfter ?? TimeSpan.Zero, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        }

        // Had the guesses while locked counted, the lock would outlast the window of the first five.
        _silo.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal(ReauthenticationStatus.Confirmed, (await ReauthenticateAsync(user, Password)).Status);
        Assert.Equal(5, await AuditCountAsync(user, "auth.reauthentication_failed"));
        Assert.Equal(["security.lockout"], _silo.Notifier.SentTo(user.Id));
    }

    [Fact]
    public async Task A_confirmed_re_authentication_clears_the_failures_as_a_sign_in_does()
    {
        var user = await CreateUserAsync();
        await GuessAtSignInAsync(user, 4);
        Assert.Equal(ReauthenticationStatus.Confirmed, (await ReauthenticateAsync(user, Password)).Status);
        await GuessAtReauthenticationAsync(user, 4);

        Assert.Equal(SignInStatus.Succeeded, (await SignInAsync(user, Password)).Status);
        Assert.Empty(_silo.Notifier.SentTo(user.Id));
    }

    [Fact]
    public async Task Forgetting_the_address_ends_its_lock()
    {
        var user = await CreateUserAsync();
        await GuessAtReauthenticationAsync(user, 5);
        Assert.Equal(SignInStatus.Throttled, (await SignInAsync(user, Password)).Status);
        await _silo.Grains.GetSignInGrain(user.Email).ForgetAsync();
        Assert.Equal(SignInStatus.Succeeded, (await SignInAsync(user, Password)).Status);
    }

    [Fact]
    public async Task A_user_that_does_not_exist_is_not_found_and_nothing_is_counted()
    {
        var user = await CreateUserAsync();
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<NotFoundException>(() => _silo.Grains.GetSignInGrain(user.Email)
                .ReauthenticateAsync($"no-such-user-{i}", new ReauthenticationCommand(Password, null, _actor)));
        }

        Assert.Equal(SignInStatus.Succeeded, (await SignInAsync(user, Password)).Status);
    }

    private async Task<TestUser> CreateUserAsync()
    {
        var user = new TestUser(Guid.NewGuid().ToString("N"), $"gate-{Guid.NewGuid():N}@example.com");
        await _silo.Grains.GetEmailIndexGrain(user.Email).ReserveAsync(user.Id);
        await _silo.Grains.GetGrain<IUserGrain>(user.Id).CreateAsync(
            new CreateUserCommand(user.Email, "Gate Test", Password, [Roles.User], null, false, null, ActorContext.System));
        return user;
    }

    private Task<ReauthenticationOutcome> ReauthenticateAsync(TestUser user, string password)
        => _silo.Grains.GetSignInGrain(user.Email).ReauthenticateAsync(user.Id, new ReauthenticationCommand(password, null, _actor));

    private Task<SignInOutcome> SignInAsync(TestUser user, string password)
    {
        var session = new SessionRequest(Guid.NewGuid().ToString("N"), _silo.Clock.GetUtcNow() + TimeSpan.FromMinutes(30));
        return _silo.Grains.GetSignInGrain(user.Email).SignInAsync(new SignInCommand(password, session, _actor));
    }

    /// <summary>Gives <paramref name="count"/> wrong passwords to re-authentication, each refused as wrong.</summary>
    private async Task GuessAtReauthenticationAsync(TestUser user, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(ReauthenticationStatus.WrongPassword, (await ReauthenticateAsync(user, $"wrong-password-{i}")).Status);
        }
    }

    /// <summary>Gives <paramref name="count"/> wrong passwords to sign-in, each refused as wrong.</summary>
    private async Task GuessAtSignInAsync(TestUser user, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(SignInStatus.InvalidCredentials, (await SignInAsync(user, $"wrong-password-{i}")).Status);
        }
    }

    private async Task<long> AuditCountAsync(TestUser user, string action)
    {
        await using var dataSource = NpgsqlDataSource.Create(_silo.ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM audit_log WHERE target = $1 AND action = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = $"user:{user.Id}" });
        command.Parameters.Add(new NpgsqlParameter { Value = action });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed record TestUser(string Id, string Email);
}
