using System.Text.Json;
using Microsoft.Playwright;

namespace VetrAI.DashboardScreenshot;

/// <summary>What the tool reads off the Orleans Dashboard's overview page (the DOM its React app draws).</summary>
internal static class DashboardPage
{
    /// <summary>True once the overview shows the cluster at work: at least one active silo, activations, the
    /// request rate of the traffic, the profiling chart, and several grain methods in "Methods with Most Calls".</summary>
    public const string RenderedScript = """
        () => {
          const counter = title => {
            const box = [...document.querySelectorAll('.info-box')]
              .find(b => b.querySelector('.info-box-text')?.textContent.trim() === title);
            return box ? parseFloat(box.querySelector('.info-box-number')?.textContent ?? '') : NaN;
          };
          const panel = title => [...document.querySelectorAll('.box, .card, .panel')]
            .find(p => p.querySelector('.box-title, .card-title, .panel-title, h3')?.textContent.trim() === title);
          const methods = panel('Methods with Most Calls');
          const chart = panel('Cluster Profiling');
          return counter('Active Silos') >= 1
            && counter('Total Activations') > 0
            && counter('Req/sec') >= 1
            && !!chart && !!chart.querySelector('canvas, svg')
            && !!methods && methods.querySelectorAll('a[href^="#/grain/"]').length >= 4;
        }
        """;

    /// <summary>The page's text and the state of the checks above, for the message when it never gets there.</summary>
    public const string StateScript = """
        () => `URL: ${location.href}\n` + (document.body?.innerText ?? '(no body)').slice(0, 4000)
        """;
}

/// <summary>How many seconds of the cluster profile the page last received had grain calls in them: the page
/// polls <c>/dashboard/ClusterStats</c> (one entry per second, the last 100 seconds) and draws it as the chart.</summary>
internal sealed class ProfiledSeconds
{
    private int _seconds;

    public int Seconds => Volatile.Read(ref _seconds);

    public async void OnResponse(object? sender, IResponse response)
    {
        if (!response.Ok || !response.Url.EndsWith("/ClusterStats", StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            if (await response.JsonAsync() is { ValueKind: JsonValueKind.Object } stats)
            {
                var busy = stats.EnumerateObject().Count(entry =>
                    entry.Value.TryGetProperty("count", out var count) && count.TryGetInt64(out var calls) && calls > 0);
                Volatile.Write(ref _seconds, busy);
            }
        }
        catch (Exception e) when (e is PlaywrightException or JsonException)
        {
            // The page went on to the next poll, or the answer was cut short: the next one counts.
        }
    }
}
