namespace VetrAI.Runtime;

/// <summary>Hands out typed references to grains. A reference is cheap, needs no I/O, and can be
/// kept; the grain is activated on its first call, on whichever silo owns it.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrain"/> with a string key.</summary>
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;

    /// <summary>A reference to the grain of interface <typeparamref name="TGrain"/> with a Guid key.</summary>
    TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey;
}
