namespace VetrAI.Runtime.Tests.Grains;

public interface IMeetingGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<bool> MeetReadOnlyAsync(Rendezvous rendezvous);

    [AlwaysInterleave]
    Task<bool> MeetInterleavedAsync(Rendezvous rendezvous);

    Task<bool> MeetExclusiveAsync(Rendezvous rendezvous, TimeSpan patience);
}

internal sealed class MeetingGrain : Grain, IMeetingGrain
{
    public async Task<bool> MeetReadOnlyAsync(Rendezvous rendezvous)
    {
        await rendezvous.ArriveAndWaitAsync();
        return true;
    }

    public async Task<bool> MeetInterleavedAsync(Rendezvous rendezvous)
    {
        await rendezvous.ArriveAndWaitAsync();
        return true;
    }

    public async Task<bool> MeetExclusiveAsync(Rendezvous rendezvous, TimeSpan patience)
    {
        try
        {
            await rendezvous.ArriveAndWaitAsync().WaitAsync(patience);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}

public interface IReentrantMeetingGrain : IGrainWithStringKey
{
    Task<bool> MeetAsync(Rendezvous rendezvous);
}

[Reentrant]
internal sealed class ReentrantMeetingGrain : Grain, IReentrantMeetingGrain
{
    public async Task<bool> MeetAsync(Rendezvous rendezvous)
    {
        await rendezvous.ArriveAndWaitAsync();
        return true;
    }
}
