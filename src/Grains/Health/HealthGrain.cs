using Npgsql;
using VetrAI.Grains.Abstractions.Health;

namespace VetrAI.Grains.Health;

[StatelessWorker]
internal sealed class HealthGrain(NpgsqlDataSource dataSource) : Grain, IHealthGrain
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(2);

    public async Task<bool> IsDatabaseReachableAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(_timeout);
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return false;
        }
    }
}
