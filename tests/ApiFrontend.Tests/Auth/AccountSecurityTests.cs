using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.ApiFrontend.Tests.Privacy;
using static VetrAI.ApiFrontend.Tests.Auth.AccountSecurityFixture;

namespace VetrAI.ApiFrontend.Tests.Auth;

/// <summary>API.md's "Account security" end to end over HTTP, with tokens read from the emails maildev captured
/// and time moved by the fixture's clock.</summary>
public sealed class AccountSecurityTests(AccountSecurityFixture fixture) : IClassFixture<AccountSecurityFixture>
{
    private const string NewPassword = "battery-staple-43";

    /// <summary>Delivery is driven by an Orleans reminder whose period (10 s, <c>DeadlineReminders.RedeliveryPeriod</c>)
    /// is the redelivery interval. A reminder due at once used to miss its first tick and send the email a whole
    /// period later.</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_reset_email_goes_out_at_once_not_a_reminder_period_later()
    {
        var user = await fixture.RegisterAsync();
        var asked = System.Diagnostics.Stopwatch.StartNew();

        using (var request = await fixture.Client.PostJsonAsync("/api/v1/password-reset/request", new { user.Email }))
        {
            Assert.Equal(HttpStatusCode.Accepted, request.StatusCode);
        }

        await TokenFromEmailAsync(user.Email, ResetSubject);
        Assert.True(asked.Elapsed < ReminderPeriod, $"The reset email took {asked.Elapsed.TotalSeconds:0.0} s to arrive.");
    }

    [Fact]
    public async Task A_password_reset_by_email_sets_the_password_once_and_ends_every_session()
    {
        var user = await fixture.RegisterAsync();
        var other = await fixture.LoginAsync(user.Email);

        using (var request = await fixture.Client.PostJsonAsync("/api/v1/password-reset/request", new { user.Email }))
        {
            Assert.Equal(HttpStatusCode.Accepted, request.StatusCode);
        }

        var token = await TokenFromEmailAsync(user.Email, ResetSubject);
        using (var confirm = await fixture.Client.PostJsonAsync("/api/v1/password-reset/confirm", new { Token = token, NewPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);
        }

        // Every session ended: access tokens at once, refresh tokens too.
        foreach (var session in new[] { user, other })
        {
            using var me = await session.Client.GetAsync("/api/v1/me");
            await me.ReadErrorAsync(HttpStatusCode.Unauthorized);
            using var refresh = await fixture.Client.PostJsonAsync("/api/v1/refresh", new { session.RefreshToken });
            await refresh.ReadErrorAsync(HttpStatusCode.Unauthorized);
        }

        using (var oldPassword = await fixture.Client.PostJsonAsync("/api/v1/login", new { user.Email, Password = ApiFixture.DefaultPassword }))
        {
            await oldPassword.ReadErrorAsync(HttpStatusCode.Unauthorized);
        }

        using (var again = await fixture.Client.PostJsonAsync("/api/v1/password-reset/confirm", new { Token = token, NewPassword = "a-third-password-44" }))
        {
            Assert.Contains("invalid, used or expired", await again.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        }

        var signedIn = await fixture.LoginAsync(user.Email, NewPassword);
        using var verified = await signedIn.Client.GetAsync("/api/v1/me");
        Assert.True((await verified.ReadJsonAsync()).GetProperty("email_verified").GetBoolean(), "a used reset link proves the address");
    }

    [Fact]
    public async Task A_reset_request_answers_the_same_for_unknown_addresses_and_the_link_expires_after_30_minutes()
    {
        var user = await fixture.RegisterAsync();
        using var unknown = await fixture.Client.PostJsonAsync("/api/v1/password-reset/request", new { Email = ApiFixture.UniqueEmail("nobody") });
        using var known = await fixture.Client.PostJsonAsync("/api/v1/password-reset/request", new { user.Email });
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await known.Content.ReadAsStringAsync());

        var token = await TokenFromEmailAsync(user.Email, ResetSubject);
        fixture.Clock.Advance(TimeSpan.FromMinutes(31));
        using var expired = await fixture.Client.PostJsonAsync("/api/v1/password-reset/confirm", new { Token = token, NewPassword });
        await expired.ReadErrorAsync(HttpStatusCode.BadRequest);
        await fixture.LoginAsync(user.Email);
    }

    [Fact]
    public async Task Wrong_tokens_are_400_change_nothing_and_one_of_two_concurrent_uses_wins()
    {
        var user = await fixture.RegisterAsync();
        var stranger = await fixture.RegisterAsync();
        await (await fixture.Client.PostJsonAsync("/api/v1/password-reset/request", new { user.Email })).ReadJsonAsync(HttpStatusCode.Accepted);
        var token = await TokenFromEmailAsync(user.Email, ResetSubject);
        var secret = token[(token.IndexOf('.', StringComparison.Ordinal) + 1)..];

        string[] wrong = [
            "", "not-a-token", token + "x", $"{stranger.UserId}.{secret}", "x.y.z", new string('a', 5000), $"{user.UserId}.", "\u0000.\u0001",
        ];
        foreach (var bad in wrong)
        {
            using var reset = await fixture.Client.PostJsonAsync("/api/v1/password-reset/confirm", new { Token = bad, NewPassword });
            await reset.ReadErrorAsync(HttpStatusCode.BadRequest);
            using var verify = await fixture.Client.PostJsonAsync("/api/v1/verify-email/confirm", new { Token = bad });
            await verify.ReadErrorAsync(HttpStatusCode.BadRequest);
            using var mfa = await fixture.Client.PostJsonAsync("/api/v1/login/mfa", new { MfaToken = bad, Code = "123456" });
            await mfa.ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        // A reset token is not a verification token, even of the same user.
        using (var crossed = await fixture.Client.PostJsonAsync("/api/v1/verify-email/confirm", new { Token = token }))
        {
            await crossed.ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        // A password the policy refuses leaves the token usable.
        using (var weak = await fixture.Client.PostJsonAsync("/api/v1/password-reset/confirm", new { Token = token, NewPassword = "short" }))
        {
            await weak.ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        await fixture.LoginAsync(user.Email);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
            StatusAsync(fixture.Client.PostJsonAsync("/api/v1/password-reset/confirm", new { Token = token, NewPassword = $"{NewPassword}-{i}" }))));
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.BadRequest], statuses.Order().ToArray());
        var winner = Array.IndexOf(statuses, HttpStatusCode.NoContent);
        await fixture.LoginAsync(user.Email, $"{NewPassword}-{winner}");
    }

    [Fact]
    public async Task Registration_sends_a_verification_link_and_api_keys_wait_for_it()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        using (var me = await admin.Client.GetAsync("/api/v1/me"))
        {
            var body = await me.ReadJsonAsync();
            Assert.False(body.GetProperty("email_verified").GetBoolean());
            Assert.False(body.GetProperty("mfa_enabled").GetBoolean());
        }

        using (var early = await admin.Client.PostJsonAsync("/api/v1/keys", new { Name = "too early" }))
        {
            Assert.Contains("Verify your email", await early.ReadErrorAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        }

        // A second link replaces the first: only the newest works.
        var first = await TokenFromEmailAsync(admin.Email, VerifySubject);
        await (await admin.Client.PostAsync("/api/v1/verify-email/request", null)).ReadJsonAsync(HttpStatusCode.Accepted);
        var tokens = await TokensFromEmailsAsync(admin.Email, VerifySubject, count: 2);
        var second = Assert.Single(tokens, t => t != first);
        using (var old = await fixture.Client.PostJsonAsync("/api/v1/verify-email/confirm", new { Token = first }))
        {
            await old.ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        using (var confirm = await fixture.Client.PostJsonAsync("/api/v1/verify-email/confirm", new { Token = second }))
        {
            Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);
        }

        using (var me = await admin.Client.GetAsync("/api/v1/me"))
        {
            Assert.True((await me.ReadJsonAsync()).GetProperty("email_verified").GetBoolean());
        }

        using (var reused = await fixture.Client.PostJsonAsync("/api/v1/verify-email/confirm", new { Token = second }))
        {
            await reused.ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        using var key = await admin.Client.PostJsonAsync("/api/v1/keys", new { Name = "verified" });
        await key.ReadJsonAsync(HttpStatusCode.Created);

        // The links never show in the inbox: whoever holds a session must not find them there.
        using var inbox = await admin.Client.GetAsync("/api/v1/notifications");
        var text = (await inbox.ReadJsonAsync()).GetRawText();
        Assert.DoesNotContain(first, text, StringComparison.Ordinal);
        Assert.DoesNotContain(second, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_most_three_verification_emails_go_out_an_hour_and_more_requests_get_429_until_the_hour_passes()
    {
        // Registration sent the first.
        var user = await fixture.RegisterAsync();
        for (var i = 0; i < 2; i++)
        {
            using var request = await user.Client.PostAsync("/api/v1/verify-email/request", null);
            Assert.Equal(HttpStatusCode.Accepted, request.StatusCode);
        }

        using (var limited = await user.Client.PostAsync("/api/v1/verify-email/request", null))
        {
            Assert.InRange(await limited.ReadRetryAfterAsync(), TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(60));
        }

        await TokensFromEmailsAsync(user.Email, VerifySubject, count: 3);

        // A new session (access tokens last 30 minutes) changes nothing: the limit is the user's.
        fixture.Clock.Advance(TimeSpan.FromMinutes(59));
        var later = await fixture.LoginAsync(user.Email);
        using (var stillLimited = await later.Client.PostAsync("/api/v1/verify-email/request", null))
        {
            Assert.InRange(await stillLimited.ReadRetryAfterAsync(), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        }

        // The refused requests sent nothing: the next one, an hour after the first, is the fourth email.
        fixture.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        using (var again = await later.Client.PostAsync("/api/v1/verify-email/request", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        }

        var tokens = await TokensFromEmailsAsync(user.Email, VerifySubject, count: 4);
        Assert.Equal(4, tokens.Count);
    }

    [Fact]
    public async Task Mfa_enrolment_then_sign_in_needs_a_code_each_accepted_once()
    {
        var user = await fixture.RegisterAsync();
        using (var setup = await user.Client.PostAsync("/api/v1/mfa/totp/setup", null))
        {
            var body = await setup.ReadJsonAsync();
            var uri = new Uri(body.GetString("otpauth_uri"));
            Assert.Equal("otpauth", uri.Scheme);
            Assert.Equal("totp", uri.Host);
            Assert.Contains($"secret={body.GetString("secret")}", uri.Query, StringComparison.Ordinal);
            Assert.Contains("issuer=VetrAI", uri.Query, StringComparison.Ordinal);

            using var wrong = await user.Client.PostJsonAsync("/api/v1/mfa/totp/enable", new { Code = "000000" == Totp.Code(body.GetString("secret"), fixture.Clock.GetUtcNow()) ? "111111" : "000000" });
            await wrong.ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        var (secret, recoveryCodes) = await fixture.EnableMfaAsync(user);
        Assert.Equal(10, recoveryCodes.Distinct().Count());
        using (var me = await user.Client.GetAsync("/api/v1/me"))
        {
            Assert.True((await me.ReadJsonAsync()).GetProperty("mfa_enabled").GetBoolean());
        }

        // The code that enabled MFA is spent; the next step's code signs in, once.
        fixture.NextTotpStep();
        var code = Totp.Code(secret, fixture.Clock.GetUtcNow());
        var mfaToken = await fixture.MfaTokenAsync(user.Email);
        using (var signedIn = await fixture.Client.PostJsonAsync("/api/v1/login/mfa", new { MfaToken = mfaToken, Code = code }))
        {
            var tokens = await signedIn.ReadJsonAsync();
            using var client = fixture.CreateClient(tokens.GetString("access_token"));
            await (await client.GetAsync("/api/v1/me")).ReadJsonAsync();
        }

        using (var tokenReused = await fixture.Client.PostJsonAsync("/api/v1/login/mfa", new { MfaToken = mfaToken, Code = code }))
        {
            await tokenReused.ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        using (var codeReplayed = await fixture.Client.PostJsonAsync("/api/v1/login/mfa", new { MfaToken = await fixture.MfaTokenAsync(user.Email), Code = code }))
        {
            await codeReplayed.ReadErrorAsync(HttpStatusCode.Unauthorized);
        }

        // A recovery code works once, whatever its case and dashes.
        var recovery = recoveryCodes[3];
        using (var recovered = await fixture.Client.PostJsonAsync("/api/v1/login/mfa", new { MfaToken = await fixture.MfaTokenAsync(user.Email), RecoveryCode = recovery.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant() }))
        {
            await recovered.ReadJsonAsync();
        }

        using (var recoveryReused = await fixture.Client.PostJsonAsync("/api/v1/login/mfa", new { MfaToken = await fixture.MfaTokenAsync(user.Email), RecoveryCode = recovery }))
        {
            await recoveryReused.ReadErrorAsync(HttpStatusCode.Unauthorized);
        }

        // Turning it off needs the password and a code.
        fixture.NextTotpStep();
        var offCode = Totp.Code(secret, fixture.Clock.GetUtcNow());
        using (var wrongPassword = await user.Client.PostJsonAsync("/api/v1/mfa/totp/disable", new { Password = "not-the-password", Code = offCode }))
        {
            await wrongPassword.ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        using (var wrongCode = await user.Client.PostJsonAsync("/api/v1/mfa/totp/disable", new { Password = ApiFixture.DefaultPassword, Code = offCode == "123456" ? "654321" : "123456" }))
        {
            await wrongCode.ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        await fixture.MfaTokenAsync(user.Email);
        using (var off = await user.Client.PostJsonAsync("/api/v1/mfa/totp/disable", new { Password = ApiFixture.DefaultPassword, Code = offCode }))
        {
            Assert.Equal(HttpStatusCode.NoContent, off.StatusCode);
        }

        await fixture.LoginAsync(user.Email);
    }

    [Fact]
    public async Task An_address_of_the_longest_allowed_length_signs_in_with_mfa()
    {
        // 254 characters, the longest address accepted: its MFA token is over 380 characters long.
        var local = "mfa-" + Guid.NewGuid().ToString("N");
        var email = $"{local}@{new string('d', 254 - local.Length - 1 - ".test".Length)}.test";
        Assert.Equal(254, email.Length);
        var user = await fixture.RegisterAsync(email);
        var (secret, _) = await fixture.EnableMfaAsync(user);

        fixture.NextTotpStep();
        var mfaToken = await fixture.MfaTokenAsync(email);
        using var signedIn = await fixture.Client.PostJsonAsync(
            "/api/v1/login/mfa", new { MfaToken = mfaToken, Code = Totp.Code(secret, fixture.Clock.GetUtcNow()) });
        using var client = fixture.CreateClient((await signedIn.ReadJsonAsync()).GetString("access_token"));
        Assert.Equal(email, (await (await client.GetAsync("/api/v1/me")).ReadJsonAsync()).GetString("email"));
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password_until_the_window_passes()
    {
        var user = await fixture.RegisterAsync();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await fixture.Client.PostJsonAsync("/api/v1/login", new { user.Email, Password = $"wrong-password-{i}" });
            await wrong.ReadErrorAsync(HttpStatusCode.Unauthorized);
        }

        using (var locked = await fixture.Client.PostJsonAsync("/api/v1/login", new { user.Email, Password = ApiFixture.DefaultPassword }))
        {
            Assert.InRange(await locked.ReadRetryAfterAsync(), TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        }

        var notice = Assert.Single(await MailDev.WaitForEmailsAsync(user.Email, LockoutSubject));
        Assert.Contains("127.0.0.1", notice.Text, StringComparison.Ordinal);

        fixture.Clock.Advance(TimeSpan.FromMinutes(14));
        using (var stillLocked = await fixture.Client.PostJsonAsync("/api/v1/login", new { user.Email, Password = ApiFixture.DefaultPassword }))
        {
            await stillLocked.ReadErrorAsync(HttpStatusCode.TooManyRequests);
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await fixture.LoginAsync(user.Email);
    }

    [Fact]
    public async Task Wrong_mfa_codes_count_toward_the_lockout()
    {
        var user = await fixture.RegisterAsync();
        var (secret, _) = await fixture.EnableMfaAsync(user);
        var mfaToken = await fixture.MfaTokenAsync(user.Email);
        var right = Totp.Code(secret, fixture.Clock.GetUtcNow());
        var wrongCode = right == "000000" ? "000001" : "000000";
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await fixture.Client.PostJsonAsync("/api/v1/login/mfa", new { MfaToken = mfaToken, Code = wrongCode });
            await wrong.ReadErrorAsync(HttpStatusCode.Unauthorized);
        }

        fixture.NextTotpStep();
        using (var lockedCode = await fixture.Client.PostJsonAsync("/api/v1/login/mfa", new { MfaToken = mfaToken, Code = Totp.Code(secret, fixture.Clock.GetUtcNow()) }))
        {
            await lockedCode.ReadRetryAfterAsync();
        }

        using (var lockedPassword = await fixture.Client.PostJsonAsync("/api/v1/login", new { user.Email, Password = ApiFixture.DefaultPassword }))
        {
            await lockedPassword.ReadErrorAsync(HttpStatusCode.TooManyRequests);
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(15));
        fixture.NextTotpStep();
        using var signedIn = await fixture.Client.PostJsonAsync("/api/v1/login/mfa", new { MfaToken = await fixture.MfaTokenAsync(user.Email), Code = Totp.Code(secret, fixture.Clock.GetUtcNow()) });
        await signedIn.ReadJsonAsync();
    }

    [Fact]
    public async Task Wrong_current_passwords_at_change_password_lock_the_account_and_the_right_one_then_changes_nothing()
    {
        var user = await fixture.RegisterAsync();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await user.Client.PostJsonAsync("/api/v1/change-password", new { CurrentPassword = $"wrong-password-{i}", NewPassword });
            Assert.Contains("current_password is incorrect", await wrong.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        }

        using (var locked = await user.Client.PostJsonAsync("/api/v1/change-password", new { CurrentPassword = ApiFixture.DefaultPassword, NewPassword }))
        {
            Assert.InRange(await locked.ReadRetryAfterAsync(), TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        }

        using (var login = await fixture.Client.PostJsonAsync("/api/v1/login", new { user.Email, Password = ApiFixture.DefaultPassword }))
        {
            await login.ReadRetryAfterAsync();
        }

        Assert.Single(await MailDev.WaitForEmailsAsync(user.Email, LockoutSubject));

        // The old password still signs in once the window has passed: the refused change changed nothing.
        fixture.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        await fixture.LoginAsync(user.Email);
    }

    [Fact]
    public async Task Wrong_passwords_and_codes_at_mfa_disable_lock_the_account_and_mfa_stays_on()
    {
        var user = await fixture.RegisterAsync();
        var (secret, recoveryCodes) = await fixture.EnableMfaAsync(user);
        var (code, wrongCode) = fixture.FreshCodes(secret);
        for (var i = 0; i < 3; i++)
        {
            using var wrongPassword = await user.Client.PostJsonAsync("/api/v1/mfa/totp/disable", new { Password = $"wrong-password-{i}", Code = code });
            Assert.Contains("password is incorrect", await wrongPassword.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        }

        for (var i = 0; i < 2; i++)
        {
            using var wrong = await user.Client.PostJsonAsync("/api/v1/mfa/totp/disable", new { Password = ApiFixture.DefaultPassword, Code = wrongCode });
            Assert.Contains("code is wrong", await wrong.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        }

        foreach (var right in new[] { code, recoveryCodes[0] })
        {
            using var locked = await user.Client.PostJsonAsync("/api/v1/mfa/totp/disable", new { Password = ApiFixture.DefaultPassword, Code = right });
            Assert.InRange(await locked.ReadRetryAfterAsync(), TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        }

        using (var me = await user.Client.GetAsync("/api/v1/me"))
        {
            Assert.True((await me.ReadJsonAsync()).GetProperty("mfa_enabled").GetBoolean(), "MFA stays on");
        }

        using (var login = await fixture.Client.PostJsonAsync("/api/v1/login", new { user.Email, Password = ApiFixture.DefaultPassword }))
        {
            await login.ReadRetryAfterAsync();
        }

        // Once the window has passed, sign-in still asks for a code, and the recovery code offered while locked is unused.
        fixture.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        using var signedIn = await fixture.Client.PostJsonAsync(
            "/api/v1/login/mfa", new { MfaToken = await fixture.MfaTokenAsync(user.Email), RecoveryCode = recoveryCodes[0] });
        await signedIn.ReadJsonAsync();
    }

    [Fact]
    public async Task Wrong_guesses_at_sign_in_and_at_each_re_authentication_share_one_window()
    {
        var user = await fixture.RegisterAsync();
        var (secret, _) = await fixture.EnableMfaAsync(user);
        var (code, wrongCode) = fixture.FreshCodes(secret);

        // One failure at each place: 5 in all.
        await (await user.Client.PostJsonAsync("/api/v1/change-password", new { CurrentPassword = "wrong-password-1", NewPassword }))
            .ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await user.Client.PostJsonAsync("/api/v1/mfa/totp/disable", new { Password = "wrong-password-2", Code = code }))
            .ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await user.Client.PostJsonAsync("/api/v1/mfa/totp/disable", new { Password = ApiFixture.DefaultPassword, Code = wrongCode }))
            .ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await PrivacyApi.EraseAsync(user, "wrong-password-3")).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await fixture.Client.PostJsonAsync("/api/v1/login", new { user.Email, Password = "wrong-password-4" }))
            .ReadErrorAsync(HttpStatusCode.Unauthorized);

        // Now the right credentials are refused everywhere, and the account is as it was.
        await (await fixture.Client.PostJsonAsync("/api/v1/login", new { user.Email, Password = ApiFixture.DefaultPassword })).ReadRetryAfterAsync();
        await (await user.Client.PostJsonAsync("/api/v1/change-password", new { CurrentPassword = ApiFixture.DefaultPassword, NewPassword }))
            .ReadRetryAfterAsync();
        await (await user.Client.PostJsonAsync("/api/v1/mfa/totp/disable", new { Password = ApiFixture.DefaultPassword, Code = code }))
            .ReadRetryAfterAsync();
        await (await PrivacyApi.EraseAsync(user)).ReadRetryAfterAsync();
        using var me = await user.Client.GetAsync("/api/v1/me");
        Assert.True((await me.ReadJsonAsync()).GetProperty("mfa_enabled").GetBoolean(), "MFA stays on");
    }

    [Fact]
    public async Task With_mfa_on_a_right_password_alone_leaves_the_failures_counted()
    {
        var user = await fixture.RegisterAsync();
        var (secret, _) = await fixture.EnableMfaAsync(user);
        var (_, wrongCode) = fixture.FreshCodes(secret);
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await user.Client.PostJsonAsync("/api/v1/mfa/totp/disable", new { Password = ApiFixture.DefaultPassword, Code = wrongCode });
            await wrong.ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        // The right password changes it, but proves one factor of two, as at /login: the four failures stay.
        using (var change = await user.Client.PostJsonAsync("/api/v1/change-password", new { CurrentPassword = ApiFixture.DefaultPassword, NewPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        }

        await (await fixture.Client.PostJsonAsync("/api/v1/login", new { user.Email, Password = "wrong-password-1" })).ReadErrorAsync(HttpStatusCode.Unauthorized);
        await (await fixture.Client.PostJsonAsync("/api/v1/login", new { user.Email, Password = NewPassword })).ReadRetryAfterAsync();
    }

    [Fact]
    public async Task Users_list_their_sessions_and_end_one_of_them()
    {
        var user = await fixture.RegisterAsync();
        using var phone = fixture.CreateClient();
        phone.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("VetrAIPhone", "2.1"));
        using var login = await phone.PostJsonAsync("/api/v1/login", new { user.Email, Password = ApiFixture.DefaultPassword });
        var phoneTokens = await login.ReadJsonAsync();

        using var list = await user.Client.GetAsync("/api/v1/sessions");
        var items = (await list.ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var current = Assert.Single(items, s => s.GetProperty("current").GetBoolean());
        var phoneSession = Assert.Single(items, s => !s.GetProperty("current").GetBoolean());
        Assert.Equal("VetrAIPhone/2.1", phoneSession.GetString("user_agent"));
        Assert.Equal("127.0.0.1", phoneSession.GetString("ip"));
        Assert.True(phoneSession.GetProperty("last_used_at").GetDateTimeOffset() >= phoneSession.GetProperty("created_at").GetDateTimeOffset());

        using (var stranger = await (await fixture.RegisterAsync()).Client.DeleteAsync($"/api/v1/sessions/{phoneSession.GetString("id")}"))
        {
            await stranger.ReadErrorAsync(HttpStatusCode.NotFound);
        }

        using (var end = await user.Client.DeleteAsync($"/api/v1/sessions/{phoneSession.GetString("id")}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        }

        using (var phoneMe = fixture.CreateClient(phoneTokens.GetString("access_token")))
        {
            await (await phoneMe.GetAsync("/api/v1/me")).ReadErrorAsync(HttpStatusCode.Unauthorized);
        }

        using (var refresh = await fixture.Client.PostJsonAsync("/api/v1/refresh", new { RefreshToken = phoneTokens.GetString("refresh_token") }))
        {
            await refresh.ReadErrorAsync(HttpStatusCode.Unauthorized);
        }

        using (var again = await user.Client.DeleteAsync($"/api/v1/sessions/{phoneSession.GetString("id")}"))
        {
            await again.ReadErrorAsync(HttpStatusCode.NotFound);
        }

        using var remaining = await user.Client.GetAsync("/api/v1/sessions");
        Assert.Equal(current.GetString("id"), Assert.Single((await remaining.ReadJsonAsync()).GetProperty("items").EnumerateArray()).GetString("id"));
    }

    [Fact]
    public async Task The_audit_log_records_sign_ins_mfa_changes_resets_and_ended_sessions_with_ip_and_user_agent()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        admin.Client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("AuditTest", "1.0"));
        using (var wrong = await fixture.Client.PostJsonAsync("/api/v1/login", new { admin.Email, Password = "wrong-password-1" }))
        {
            await wrong.ReadErrorAsync(HttpStatusCode.Unauthorized);
        }

        var second = await fixture.LoginAsync(admin.Email);
        await fixture.EnableMfaAsync(admin);
        using (var sessions = await admin.Client.GetAsync("/api/v1/sessions"))
        {
            var other = (await sessions.ReadJsonAsync()).GetProperty("items").EnumerateArray().Single(s => !s.GetProperty("current").GetBoolean());
            (await admin.Client.DeleteAsync($"/api/v1/sessions/{other.GetString("id")}")).Dispose();
        }

        await (await fixture.Client.PostJsonAsync("/api/v1/password-reset/request", new { admin.Email })).ReadJsonAsync(HttpStatusCode.Accepted);
        var token = await TokenFromEmailAsync(admin.Email, ResetSubject);
        (await fixture.Client.PostJsonAsync("/api/v1/password-reset/confirm", new { Token = token, NewPassword })).Dispose();

        // The reset ended the admin's sessions; the audit log is read as the platform's super admin.
        var superAdmin = await fixture.LoginAsAdminAsync();
        using var log = await superAdmin.Client.GetAsync($"/api/v1/audit-logs?organization_id={admin.OrganizationId}&limit=200");
        var entries = (await log.ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("target").GetString() == $"user:{admin.UserId}")
            .ToList();
        string[] expected = ["auth.login_failed", "auth.login_succeeded", "user.mfa_enabled", "auth.session_ended", "user.password_reset_requested", "user.password_reset"];
        foreach (var action in expected)
        {
            var entry = entries.FirstOrDefault(e => e.GetString("action") == action);
            Assert.True(entry.ValueKind == JsonValueKind.Object, $"no {action} in the audit log");
            Assert.Equal("127.0.0.1", entry.GetProperty("details").GetString("client_address"));
        }

        // What the admin did from their own client carries its user agent.
        foreach (var action in new[] { "user.mfa_enabled", "auth.session_ended" })
        {
            Assert.Equal("AuditTest/1.0", entries.First(e => e.GetString("action") == action).GetProperty("details").GetString("user_agent"));
        }

        second.Dispose();
    }

    [Fact]
    public async Task Bad_bodies_are_400_with_the_standard_body()
    {
        var user = await fixture.RegisterAsync();
        (string Url, string Body, bool Signed)[] cases =
        [
            ("/api/v1/password-reset/request", "{}", false),
            ("/api/v1/password-reset/request", """{"email": "not an email"}""", false),
            ("/api/v1/password-reset/request", """{"email": 42}""", false),
            ("/api/v1/password-reset/request", "[1,2]", false),
            ("/api/v1/password-reset/confirm", """{"token": null, "new_password": "x"}""", false),
            ("/api/v1/verify-email/confirm", """{"token": ["a"]}""", false),
            ("/api/v1/login/mfa", """{"mfa_token": "a.b"}""", false),
            ("/api/v1/login/mfa", """{"mfa_token": "a.b", "code": "123456", "recovery_code": "x"}""", false),
            ("/api/v1/login/mfa", """{"mfa_token": "\u0000", "code": "1"}""", false),
            ("/api/v1/mfa/totp/enable", """{"code": ""}""", true),
            ("/api/v1/mfa/totp/enable", """{"code": "123456"}""", true),
            ("/api/v1/mfa/totp/disable", """{"password": "x"}""", true),
            ("/api/v1/mfa/totp/enable", "{\"code\": " + new string('9', 100_000) + "}", true),
            ("/api/v1/password-reset/request", """{"email": "a\u0000b@example.com"}""", false),
            ("/api/v1/password-reset/request", """{"email": "a\u0007b@example.com"}""", false),
            ("/api/v1/register", """{"email": "a\u0000b@example.com", "password": "correct-horse-42", "full_name": "Nul"}""", false),
            // An MFA token whose address part decodes to an address with a NUL in it.
            ("/api/v1/login/mfa", "{\"mfa_token\": \"" + Base64Url.EncodeToString("a\0b@example.com"u8) + ".abc\", \"code\": \"123456\"}", false),
        ];
        foreach (var (url, body, signed) in cases)
        {
            var client = signed ? user.Client : fixture.Client;
            using var response = await client.SendRawAsync(HttpMethod.Post, url, body);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"{url} {body[..Math.Min(body.Length, 80)]}: {(int)response.StatusCode}");
            await response.ReadErrorAsync(response.StatusCode);
        }

        using (var nulLogin = await fixture.Client.SendRawAsync(HttpMethod.Post, "/api/v1/login", """{"email": "a\u0000b@example.com", "password": "x"}"""))
        {
            Assert.True(nulLogin.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"login with a NUL: {(int)nulLogin.StatusCode}");
            await nulLogin.ReadErrorAsync(nulLogin.StatusCode);
        }

        using var disableWhenOff = await user.Client.PostJsonAsync("/api/v1/mfa/totp/disable", new { Password = ApiFixture.DefaultPassword, Code = "123456" });
        await disableWhenOff.ReadErrorAsync(HttpStatusCode.Conflict);
        using var anonymous = await fixture.Client.GetAsync("/api/v1/sessions");
        await anonymous.ReadErrorAsync(HttpStatusCode.Unauthorized);
        using var me = await user.Client.GetAsync("/api/v1/me");
        Assert.False((await me.ReadJsonAsync()).GetProperty("mfa_enabled").GetBoolean());
    }
}
