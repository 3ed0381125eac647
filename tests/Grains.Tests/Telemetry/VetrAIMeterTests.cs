using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.Grains.ApiKeys;
using VetrAI.Grains.Jobs;
using VetrAI.Grains.Notifications;
using VetrAI.Grains.Telemetry;
using VetrAI.Grains.Tickets;
using VetrAI.TestSupport;

namespace VetrAI.Grains.Tests.Telemetry;

/// <summary>The silo's instruments are exactly the README's "silo" rows, with the README's types and units: an
/// operator's dashboard built from the README finds every metric. (The front end's rows and the values the
/// instruments take under real traffic: ApiFrontend.Tests' MetricsTests.)</summary>
public sealed class VetrAIMeterTests
{
    [Fact]
    public void The_silos_instruments_are_the_READMEs_silo_rows_with_their_types_and_units()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var published = new List<Instrument>();
        using var listener = new MeterListener
        {
            // Only this factory's meter: other tests' silos in this process have VetrAI meters of their own.
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == VetrAIMeter.Name && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    published.Add(instrument);
                }
            },
        };
        listener.Start();

        _ = new ApiKeyMetrics(meters);
        new JobMetrics(meters).ObserveQueue(() => 0, () => 0);
        _ = new SlaMetrics(meters);
        _ = new DeliveryMetrics(meters);

        var emitted = published.Select(i => (i.Name, Type: ReadmeMetrics.TypeOf(i), Unit: i.Unit ?? "")).Order().ToList();
        var documented = ReadmeMetrics.VetrAI.Where(m => m.Where == "silo").Select(m => (m.Name, m.Type, m.Unit)).Order().ToList();
        Assert.Equal(documented, emitted);
    }
}
