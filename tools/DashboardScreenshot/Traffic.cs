namespace VetrAI.DashboardScreenshot;

/// <summary>An organization the tool registered: its admin's token and its keys.</summary>
internal sealed record Tenant(string Token, IReadOnlyList<string> Keys);

/// <summary>Real API traffic for the dashboard to show: what integrators and users of a few organizations do,
/// the key validations most of all (the platform's hottest path), at a modest pace (the machine may be shared).</summary>
internal static class Traffic
{
    private const string Password = "Screenshot-Passw0rd";

    public static async Task<IReadOnlyList<Tenant>> CreateTenantsAsync(ApiClient api, int count)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var tenants = new List<Tenant>();
        string[] names = ["Northwind Clinics", "Contoso Vets", "Fabrikam Animal Care", "Tailspin Pet Health"];
        for (var i = 0; i < count; i++)
        {
            var name = names[i % names.Length];
            var token = await api.RegisterAsync($"owner-{run}-{i}@example.com", Password, $"Owner {i + 1}", name);
            var keys = new List<string>();
            foreach (var keyName in new[] { "production", "staging" })
            {
                keys.Add(await api.CreateKeyAsync(token, keyName));
            }

            await api.CallAsync(HttpMethod.Post, "api/v1/tickets", token,
                new { subject = "Appointment reminders are late", description = "Sent an hour after the visit.", priority = "high" });
            tenants.Add(new Tenant(token, keys));
        }

        return tenants;
    }

    /// <summary>Sends requests until <paramref name="stop"/> is cancelled; returns how many it sent. A failed
    /// request is reported (the first few) and the traffic goes on.</summary>
    public static async Task<long> RunAsync(ApiClient api, IReadOnlyList<Tenant> tenants, CancellationToken stop)
    {
        long sent = 0;
        var failures = 0;
        async Task Send(HttpMethod method, string path, string? token, object? body)
        {
            try
            {
                await api.CallAsync(method, path, token, body, stop);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !stop.IsCancellationRequested))
            {
                if (Interlocked.Increment(ref failures) <= 5)
                {
                    await Console.Error.WriteLineAsync($"traffic: {e.Message}");
                }
            }

            Interlocked.Increment(ref sent);
        }

        async Task Worker(Tenant tenant)
        {
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                foreach (var key in tenant.Keys)
                {
                    for (var i = 0; i < 4; i++)
                    {
                        await Send(HttpMethod.Post, "api/v1/keys/validate", null, new { key });
                    }
                }

                await Send(HttpMethod.Post, "api/v1/keys/validate", null, new { key = "vk_not_a_key_of_anyone" });
                await Send(HttpMethod.Get, "api/v1/me", tenant.Token, null);
                await Send(HttpMethod.Get, "api/v1/keys", tenant.Token, null);
                await Send(HttpMethod.Get, "api/v1/tickets", tenant.Token, null);
                await Send(HttpMethod.Get, "api/v1/notifications", tenant.Token, null);
                if (round % 10 == 0)
                {
                    await Send(HttpMethod.Post, "api/v1/tickets", tenant.Token,
                        new { subject = $"Question {round / 10 + 1}", description = "How do I roll a key?", priority = "normal" });
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        try
        {
            await Task.WhenAll(tenants.Select(Worker));
        }
        catch (OperationCanceledException)
        {
            // Stopped in the middle of a request.
        }

        return sent;
    }
}
