using System.Text.Json;

namespace VetrAI.ApiFrontend.Tests.Infrastructure;

/// <summary>Reads the emails captured by the maildev server ./test.sh starts (<c>VETRAI_TEST_MAILDEV_URL</c>).</summary>
public static class MailDev
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(20);

    /// <summary>Every email maildev holds whose subject is <paramref name="subject"/>.</summary>
    public static async Task<IReadOnlyList<CapturedEmail>> EmailsWithSubjectAsync(string subject)
        => (await AllAsync()).Where(email => email.Subject == subject).ToList();

    /// <summary>Waits until maildev holds an email with <paramref name="subject"/>, and returns them all.</summary>
    public static async Task<IReadOnlyList<CapturedEmail>> WaitForSubjectAsync(string subject)
    {
        IReadOnlyList<CapturedEmail> found = [];
        await VetrAI.TestSupport.Wait.ForAsync(async () => (found = await EmailsWithSubjectAsync(subject)).Count > 0, $"an email '{subject}' in maildev", _timeout);
        return found;
    }

    /// <summary>Every email maildev holds to <paramref name="recipient"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<CapturedEmail>> EmailsToAsync(string recipient)
        => (await AllAsync()).Where(email => email.To.Contains(recipient, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>Waits until maildev holds <paramref name="count"/> emails to <paramref name="recipient"/> with
    /// <paramref name="subject"/>, and returns them, oldest first.</summary>
    public static async Task<IReadOnlyList<CapturedEmail>> WaitForEmailsAsync(string recipient, string subject, int count = 1)
    {
        IReadOnlyList<CapturedEmail> found = [];
        await VetrAI.TestSupport.Wait.ForAsync(
            async () => (found = (await EmailsToAsync(recipient)).Where(e => e.Subject == subject).ToList()).Count >= count,
            $"{count} email(s) '{subject}' to {recipient} in maildev",
            _timeout);
        return found;
    }

    private static async Task<IReadOnlyList<CapturedEmail>> AllAsync()
    {
        using var client = Client();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/api/email"));
        return document.RootElement.EnumerateArray()
            .Select(email => new CapturedEmail(
                email.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString()!).ToList(),
                email.GetProperty("subject").GetString()!,
                email.TryGetProperty("text", out var text) ? text.GetString() ?? "" : "",
                email.TryGetProperty("html", out var html) ? html.GetString() ?? "" : "",
                email.TryGetProperty("messageId", out var id) ? id.GetString() ?? "" : ""))
            .ToList();
    }

    private static HttpClient Client()
    {
        var url = Environment.GetEnvironmentVariable("VETRAI_TEST_MAILDEV_URL");
        Assert.False(string.IsNullOrEmpty(url), "VETRAI_TEST_MAILDEV_URL is not set: run the tests with ./test.sh, which starts maildev.");
        return new HttpClient { BaseAddress = new Uri(url!) };
    }

    /// <summary>Waits for the first email to <paramref name="recipient"/> and returns its plain-text body.</summary>
    public static async Task<(string Subject, string Text)> WaitForEmailToAsync(string recipient)
    {
        var url = Environment.GetEnvironmentVariable("VETRAI_TEST_MAILDEV_URL");
        Assert.False(string.IsNullOrEmpty(url), "VETRAI_TEST_MAILDEV_URL is not set: run the tests with ./test.sh, which starts maildev.");
        using var client = new HttpClient { BaseAddress = new Uri(url!) };
        var deadline = DateTimeOffset.UtcNow + _timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            using var document = JsonDocument.Parse(await client.GetStringAsync("/api/email"));
            foreach (var email in document.RootElement.EnumerateArray())
            {
                var to = email.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString());
                if (to.Contains(recipient, StringComparer.OrdinalIgnoreCase))
                {
                    return (email.GetProperty("subject").GetString()!, email.GetProperty("text").GetString()!);
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No email to {recipient} reached maildev within {_timeout}.");
    }
}

/// <summary>An email maildev captured.</summary>
public sealed record CapturedEmail(IReadOnlyList<string> To, string Subject, string Text, string Html, string MessageId);
