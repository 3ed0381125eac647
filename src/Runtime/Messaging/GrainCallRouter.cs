using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VetrAI.Runtime.Activation;
using VetrAI.Runtime.Placement;

namespace VetrAI.Runtime.Messaging;

/// <summary>What a call needs to find its grain: placement, the remote sender (cluster only) and the
/// local catalog (only where a silo is hosted). The last two are looked up lazily: a process that
/// only makes calls has no catalog, and the catalog itself depends on the grain factory.</summary>
internal sealed class GrainCallRouter(IServiceProvider services, IPlacementDirector placement, IOptions<SiloOptions> options)
{
    private ActivationCatalog? _catalog;
    private IRemoteCallSender? _sender;
    private bool _senderResolved;

    public IPlacementDirector Placement { get; } = placement;

    public TimeSpan CallTimeout { get; } = options.Value.CallTimeout;

    public ActivationCatalog Catalog => _catalog ??= services.GetService<ActivationCatalog>()
        ?? throw new InvalidOperationException(
            "Placement put a grain on this process, but this process hosts no silo (AddVetrAISilo was not called).");

    public IRemoteCallSender? Sender
    {
        get
        {
            if (!_senderResolved)
            {
                _sender = services.GetService<IRemoteCallSender>();
                _senderResolved = true;
            }

            return _sender;
        }
    }
}
