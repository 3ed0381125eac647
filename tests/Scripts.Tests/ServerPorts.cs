using VetrAI.TestSupport;
using System.Globalization;

namespace VetrAI.Scripts.Tests;

/// <summary>Free 127.0.0.1 ports for everything run.sh and cluster.sh listen on (the front end, PostgreSQL,
/// s3rver, maildev's SMTP and web ports, Redis, the Stripe and Twilio stand-ins, and each silo's silo-to-silo and gateway
/// ports), and the environment that hands them to the script.</summary>
internal sealed class ServerPorts
{
    private const int SinglePorts = 8;

    private ServerPorts(int[] single, int firstSilo, int firstGateway, int silos)
    {
        (Http, Postgres, S3, Smtp, MailWeb, Redis, Stripe, Twilio) = (single[0], single[1], single[2], single[3], single[4], single[5], single[6], single[7]);
        (FirstSilo, FirstGateway, Silos) = (firstSilo, firstGateway, silos);
        All =
        [
            new("VetrAI's HTTP API", "VETRAI_HTTP_PORT", Http),
            new("PostgreSQL", "VETRAI_PG_PORT", Postgres),
            new("s3rver", "VETRAI_S3_PORT", S3),
            new("maildev SMTP", "VETRAI_SMTP_PORT", Smtp),
            new("maildev web", "VETRAI_MAILDEV_WEB_PORT", MailWeb),
            new("Redis", "VETRAI_REDIS_PORT", Redis),
            new("the Stripe stand-in", "VETRAI_STRIPE_STANDIN_PORT", Stripe),
            new("the Twilio stand-in", "VETRAI_TWILIO_STANDIN_PORT", Twilio),
            .. Enumerable.Range(1, silos).Select(i => new ScriptPort($"silo {i} silo-to-silo", "VETRAI_CLUSTER_PORT", firstSilo + i - 1, i)),
            .. Enumerable.Range(1, silos).Select(i => new ScriptPort($"silo {i} gateway", "VETRAI_GATEWAY_PORT", firstGateway + i - 1, i)),
        ];
    }

    public int Http { get; }

    public int Postgres { get; }

    public int S3 { get; }

    public int Smtp { get; }

    public int MailWeb { get; }

    public int Redis { get; }

    public int Stripe { get; }

    public int Twilio { get; }

    /// <summary>Silo i's silo-to-silo port is this + i - 1 (VETRAI_CLUSTER_PORT).</summary>
    public int FirstSilo { get; }

    /// <summary>Silo i's gateway port is this + i - 1 (VETRAI_GATEWAY_PORT).</summary>
    public int FirstGateway { get; }

    public int Silos { get; }

    /// <summary>Every port the script would listen on, with the setting that moves it.</summary>
    public IReadOnlyList<ScriptPort> All { get; }

    /// <summary>Ports for a script running <paramref name="silos"/> silos (run.sh: the one its front end
    /// hosts), every one distinct.</summary>
    public static ServerPorts Take(int silos = 1)
    {
        // The groups are taken one after the other, so the system may hand out a port twice: try again then.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var ports = new ServerPorts(FreePorts.Take(SinglePorts), FreePorts.TakeConsecutive(silos), FreePorts.TakeConsecutive(silos), silos);
            if (ports.All.Select(p => p.Port).Distinct().Count() == ports.All.Count)
            {
                return ports;
            }
        }

        throw new InvalidOperationException($"Found no {SinglePorts + 2 * silos} distinct free ports on 127.0.0.1.");
    }

    /// <summary>The variables a script reads its ports, data folder and ready deadline from.</summary>
    public Dictionary<string, string> Environment(string dataDirectory, TimeSpan readyDeadline) => new()
    {
        ["VETRAI_DATA_DIR"] = dataDirectory,
        ["VETRAI_HTTP_PORT"] = Text(Http),
        ["VETRAI_PG_PORT"] = Text(Postgres),
        ["VETRAI_S3_PORT"] = Text(S3),
        ["VETRAI_SMTP_PORT"] = Text(Smtp),
        ["VETRAI_MAILDEV_WEB_PORT"] = Text(MailWeb),
        ["VETRAI_REDIS_PORT"] = Text(Redis),
        ["VETRAI_STRIPE_STANDIN_PORT"] = Text(Stripe),
        ["VETRAI_TWILIO_STANDIN_PORT"] = Text(Twilio),
        ["VETRAI_CLUSTER_PORT"] = Text(FirstSilo),
        ["VETRAI_GATEWAY_PORT"] = Text(FirstGateway),
        ["VETRAI_READY_TIMEOUT"] = Text((int)readyDeadline.TotalSeconds),
    };

    /// <summary>Asserts that nothing the script started (below <paramref name="ownRoot"/>: its copy and data folder)
    /// listens any more on any of these ports. The ports were free when taken, but other tests of the suite open
    /// listeners on free ports too and may since have been given one of them: such a listener, whose command line
    /// and folder are not the script's, is not the script's server.</summary>
    public async Task AssertAllClosedAsync(string script, string ownRoot)
    {
        foreach (var port in All)
        {
            if (!await FreePorts.AcceptsConnectionsAsync(port.Port))
            {
                continue;
            }

            var owner = await ListenerOwner.DescribeAsync(port.Port);
            Assert.True(owner is not null && !owner.Contains(ownRoot, StringComparison.Ordinal),
                $"{port.Name} still accepts connections on 127.0.0.1:{port.Port} after {script} exited ({owner ?? "its process is unknown"})");
        }
    }

    /// <summary>Waits until nothing listens on any of these ports; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitUntilAllClosedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var open = false;
            foreach (var port in All)
            {
                open |= await FreePorts.AcceptsConnectionsAsync(port.Port);
            }

            if (!open)
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
