namespace VetrAI.Runtime.Messaging;

/// <summary>Creates grain references. Works in any process that has placement (and, for remote
/// grains, a sender): hosting activations is not required.</summary>
internal sealed class GrainFactory(GrainInterfaceRegistry interfaces) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var grainInterface = interfaces.Get(typeof(TGrain));
        return (TGrain)grainInterface.CreateReference(new GrainId(grainInterface.GrainType, key));
    }

    public TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey
    {
        var grainInterface = interfaces.Get(typeof(TGrain));
        return (TGrain)grainInterface.CreateReference(new GrainId(grainInterface.GrainType, key.ToString("N")));
    }

    /// <summary>A reference through any grain interface to a grain named by id (reminders use
    /// <see cref="IRemindable"/> on grains of every type).</summary>
    public TGrain GetGrain<TGrain>(GrainId grainId) where TGrain : IGrain =>
        (TGrain)interfaces.Get(typeof(TGrain)).CreateReference(grainId);
}
