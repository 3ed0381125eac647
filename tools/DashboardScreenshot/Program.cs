using Microsoft.Playwright;
using VetrAI.DashboardScreenshot;

// Usage: VetrAI.DashboardScreenshot <front end URL> <output.png> <chromium path>
// The super admin comes from VETRAI_BOOTSTRAP_ADMIN_EMAIL and VETRAI_BOOTSTRAP_ADMIN_PASSWORD (not on the command
// line, where any user of the machine could read the password). Sets up a few organizations with keys, signs a
// headless chromium in to /dashboard the way a person does (POST /api/v1/dashboard/session with the bearer token
// sets the dashboard cookie), keeps real API traffic going while the page is open (the grain-call profiler only
// runs while someone looks), waits until the page shows it, and saves the page as a PNG.
if (args.Length != 3)
{
    await Console.Error.WriteLineAsync("usage: VetrAI.DashboardScreenshot <base URL> <output.png> <chromium>");
    return 2;
}

var (baseUrl, output, chromium) = (new Uri(args[0].TrimEnd('/') + "/"), args[1], args[2]);
var email = Environment.GetEnvironmentVariable("VETRAI_BOOTSTRAP_ADMIN_EMAIL");
var password = Environment.GetEnvironmentVariable("VETRAI_BOOTSTRAP_ADMIN_PASSWORD");
if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password))
{
    await Console.Error.WriteLineAsync("error: set VETRAI_BOOTSTRAP_ADMIN_EMAIL and VETRAI_BOOTSTRAP_ADMIN_PASSWORD to the super admin");
    return 2;
}

var timeout = TimeSpan.FromSeconds(Setting("VETRAI_SCREENSHOT_RENDER_TIMEOUT", 180));
var trafficSeconds = Setting("VETRAI_SCREENSHOT_TRAFFIC_SECONDS", 40);

try
{
    using var api = new ApiClient(baseUrl);
    var adminToken = await api.LogInAsync(email, password);
    Console.WriteLine($"signed in as {email}");
    var tenants = await Traffic.CreateTenantsAsync(api, count: 3);
    Console.WriteLine($"created {tenants.Count} organizations with keys");

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = chromium,
        Headless = true,
        // Running as root needs --no-sandbox (Playwright adds it: ChromiumSandbox is off by default). The machine
        // has no GPU and no way out to Google's services: nothing may wait on them.
        Args = ["--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    await using var context = await browser.NewContextAsync(new()
    {
        BaseURL = baseUrl.ToString(),
        // Laid out at 1600x1000 and drawn at 0.9: a 1440x900 picture that shows the overview's tables too.
        ViewportSize = new() { Width = 1600, Height = 1000 },
        DeviceScaleFactor = 0.9f,
    });

    // The request context of the browser context shares its cookie jar: the cookie set here goes with the page.
    var session = await context.APIRequest.PostAsync("api/v1/dashboard/session", new()
    {
        Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {adminToken}" },
    });
    if (!session.Ok)
    {
        await Console.Error.WriteLineAsync($"error: POST /api/v1/dashboard/session answered {session.Status}: {await session.TextAsync()}");
        return 1;
    }

    var page = await context.NewPageAsync();
    var profiled = new ProfiledSeconds();
    page.Response += profiled.OnResponse;
    page.Console += (_, message) =>
    {
        if (message.Type == "error")
        {
            Console.Error.WriteLine($"page console: {message.Text}");
        }
    };
    var response = await page.GotoAsync("dashboard/", new() { WaitUntil = WaitUntilState.Load });
    if (response is not { Ok: true })
    {
        await Console.Error.WriteLineAsync($"error: GET /dashboard/ answered {response?.Status}: {(response is null ? "" : await response.TextAsync())}");
        return 1;
    }

    Console.WriteLine("dashboard open; sending API traffic until it shows");
    using var stopTraffic = new CancellationTokenSource();
    var traffic = Traffic.RunAsync(api, tenants, stopTraffic.Token);
    try
    {
        var deadline = DateTime.UtcNow + timeout;
        await page.WaitForFunctionAsync(DashboardPage.RenderedScript, null, new() { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 500 });
        // Enough of the traffic in the profiling chart (100 seconds wide) for a curve, not a blip at its edge.
        while (profiled.Seconds < trafficSeconds)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the cluster profile showed {profiled.Seconds} busy seconds, not {trafficSeconds}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        // The page polls the cluster every second; a last check that the counters, chart and tables are drawn.
        await page.WaitForFunctionAsync(DashboardPage.RenderedScript, null, new() { Timeout = 10_000 });
        await page.ScreenshotAsync(new() { Path = output, Type = ScreenshotType.Png, FullPage = false });
    }
    catch (TimeoutException e)
    {
        await Console.Error.WriteLineAsync($"error: the dashboard did not show the cluster's data within {timeout.TotalSeconds:0}s ({e.Message}); what it shows:");
        await Console.Error.WriteLineAsync(await page.EvaluateAsync<string>(DashboardPage.StateScript));
        return 1;
    }
    finally
    {
        await stopTraffic.CancelAsync();
        var sent = await traffic;
        Console.WriteLine($"sent {sent} API requests");
    }

    Console.WriteLine($"wrote {output}");
    return 0;
}
catch (Exception e) when (e is HttpRequestException or PlaywrightException or InvalidOperationException)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 1;
}

static int Setting(string name, int defaultValue) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : defaultValue;
