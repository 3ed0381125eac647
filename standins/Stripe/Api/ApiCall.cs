using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Accounts;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Api;

/// <summary>One API request as a handler sees it: its account (whose gate is held), parameters and route id.</summary>
internal sealed record ApiCall(Account Account, FormParams Params, string? Id)
{
    public StandInOptions Options => Account.Options;

    public string RequireId => Id!;
}

internal delegate JsonObject ApiHandler(ApiCall call);

/// <summary>The API's routes: a method and a path under /v1 whose "{id}" segment is captured.</summary>
internal sealed class ApiRoutes
{
    private readonly List<(string Method, string[] Segments, ApiHandler Handler)> _routes = [];

    public ApiRoutes Add(string method, string path, ApiHandler handler)
    {
        _routes.Add((method, path.Split('/'), handler));
        return this;
    }

    public bool TryMatch(string method, string path, out ApiHandler handler, out string? id)
    {
        var segments = path.Split('/');
        foreach (var route in _routes)
        {
            if (route.Method != method || route.Segments.Length != segments.Length)
            {
                continue;
            }

            string? captured = null;
            var matches = true;
            for (var i = 0; i < segments.Length && matches; i++)
            {
                if (route.Segments[i] == "{id}")
                {
                    captured = Uri.UnescapeDataString(segments[i]);
                    matches = captured.Length > 0;
                }
                else
                {
                    matches = route.Segments[i] == segments[i];
                }
            }

            if (matches)
            {
                (handler, id) = (route.Handler, captured);
                return true;
            }
        }

        (handler, id) = (null!, null);
        return false;
    }
}
