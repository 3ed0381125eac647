using Microsoft.Playwright;

// Usage: VetrAI.DashboardScreenshot <front end URL> <super admin access token> <output.png> <chromium path>
// Signs the browser in the way a person does (POST /api/v1/dashboard/session with the bearer token sets the
// dashboard cookie), opens /dashboard/ and waits until the page has drawn the cluster's data.
if (args.Length != 4)
{
    await Console.Error.WriteLineAsync("usage: VetrAI.DashboardScreenshot <base URL> <access token> <output.png> <chromium>");
    return 2;
}

var (baseUrl, token, output, chromium) = (args[0].TrimEnd('/'), args[1], args[2], args[3]);
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1400, Height = 900 } });
var session = await context.APIRequest.PostAsync("/api/v1/dashboard/session", new() { Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" } });
if (!session.Ok)
{
    await Console.Error.WriteLineAsync($"error: dashboard sign-in answered {session.Status}: {await session.TextAsync()}");
    return 1;
}

var page = await context.NewPageAsync();
var response = await page.GotoAsync("/dashboard/", new() { WaitUntil = WaitUntilState.NetworkIdle });
if (response is not { Ok: true })
{
    await Console.Error.WriteLineAsync($"error: /dashboard/ answered {response?.Status}");
    return 1;
}

// The overview has drawn once a silo row is on it.
await page.GetByText("Silos", new() { Exact = false }).First.WaitForAsync(new() { Timeout = 30_000 });
await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
await page.ScreenshotAsync(new() { Path = output, FullPage = false });
Console.WriteLine($"wrote {output}");
return 0;
