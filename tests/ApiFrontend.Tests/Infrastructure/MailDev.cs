using System.Text.Json;

namespace VetrAI.ApiFrontend.Tests.Infrastructure;

/// <summary>Reads the emails captured by the maildev server ./test.sh starts (<c>VETRAI_TEST_MAILDEV_URL</c>).</summary>
public static class MailDev
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(20);

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
