using System.Globalization;

namespace VetrAI.Scripts.Tests;

/// <summary>Free 127.0.0.1 ports for what run.sh and cluster.sh start (the front end, PostgreSQL,
/// s3rver, maildev's SMTP and web ports), and the environment that hands them to the script.</summary>
internal sealed class ServerPorts
{
    private ServerPorts(int[] ports)
    {
        (Http, Postgres, S3, Smtp, MailWeb) = (ports[0], ports[1], ports[2], ports[3], ports[4]);
    }

    public int Http { get; }

    public int Postgres { get; }

    public int S3 { get; }

    public int Smtp { get; }

    public int MailWeb { get; }

    public static ServerPorts Take() => new(FreePorts.Take(5));

    /// <summary>The variables a script reads its ports, data folder and ready deadline from.</summary>
    public Dictionary<string, string> Environment(string dataDirectory, TimeSpan readyDeadline) => new()
    {
        ["VETRAI_DATA_DIR"] = dataDirectory,
        ["VETRAI_HTTP_PORT"] = Text(Http),
        ["VETRAI_PG_PORT"] = Text(Postgres),
        ["VETRAI_S3_PORT"] = Text(S3),
        ["VETRAI_SMTP_PORT"] = Text(Smtp),
        ["VETRAI_MAILDEV_WEB_PORT"] = Text(MailWeb),
        ["VETRAI_READY_TIMEOUT"] = Text((int)readyDeadline.TotalSeconds),
    };

    /// <summary>Asserts that nothing listens any more on these ports, nor on <paramref name="others"/>.</summary>
    public async Task AssertAllClosedAsync(string script, params (string Name, int Port)[] others)
    {
        foreach (var (name, port) in new[]
        {
            ("PostgreSQL", Postgres), ("s3rver", S3), ("maildev SMTP", Smtp), ("maildev web", MailWeb), ("VetrAI", Http),
        }.Concat(others))
        {
            Assert.False(await FreePorts.AcceptsConnectionsAsync(port),
                $"{name} still accepts connections on 127.0.0.1:{port} after {script} exited");
        }
    }

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
