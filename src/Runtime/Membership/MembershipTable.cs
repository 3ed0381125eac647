using Npgsql;

namespace VetrAI.Runtime.Membership;

/// <summary>The membership table's SQL. Every status change bumps the cluster's version row in the
/// same transaction; every time comparison uses the database clock, so silos with skewed clocks
/// still agree on who is late.</summary>
internal sealed class MembershipTable(NpgsqlDataSource dataSource, string clusterId)
{
    private const string BumpVersion = """
        INSERT INTO membership_version (cluster_id, version) VALUES (@cluster, 1)
        ON CONFLICT (cluster_id) DO UPDATE SET version = membership_version.version + 1
        """;

    /// <summary>Inserts this incarnation as joining, with a generation above every earlier one on the
    /// same endpoint, and declares those earlier ones dead (a restarted silo replaces them at once).</summary>
    public async Task<SiloAddress> JoinAsync(string host, int port, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long generation;
        await using (var command = new NpgsqlCommand(BumpVersion, connection, transaction))
        {
            command.Parameters.AddWithValue("cluster", clusterId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand("""
            INSERT INTO silos (cluster_id, address, port, generation, status, start_time, i_am_alive, updated)
            SELECT @cluster, @address, @port,
                   GREATEST((extract(epoch FROM clock_timestamp()) * 1000)::bigint, COALESCE(MAX(generation) + 1, 0)),
                   'joining', now(), now(), now()
            FROM silos WHERE cluster_id = @cluster AND address = @address AND port = @port
            RETURNING generation
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("cluster", clusterId);
            command.Parameters.AddWithValue("address", host);
            command.Parameters.AddWithValue("port", port);
            generation = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        await using (var command = new NpgsqlCommand("""
            UPDATE silos SET status = 'dead', updated = now()
            WHERE cluster_id = @cluster AND address = @address AND port = @port AND generation < @generation AND status <> 'dead'
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("cluster", clusterId);
            command.Parameters.AddWithValue("address", host);
            command.Parameters.AddWithValue("port", port);
            command.Parameters.AddWithValue("generation", generation);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new SiloAddress(host, port, generation);
    }

    /// <summary>Moves this silo to <paramref name="status"/> unless it was declared dead meanwhile.
    /// False when it was (or its row is gone): the silo must stop.</summary>
    public async Task<bool> SetStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int updated;
        await using (var command = new NpgsqlCommand("""
            UPDATE silos SET status = @status, updated = now(), i_am_alive = now()
            WHERE cluster_id = @cluster AND address = @address AND port = @port AND generation = @generation AND status <> 'dead'
            """, connection, transaction))
        {
            AddKey(command, silo);
            command.Parameters.AddWithValue("status", ToText(status));
            updated = await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (updated == 0)
        {
            return false;
        }

        await using (var command = new NpgsqlCommand(BumpVersion, connection, transaction))
        {
            command.Parameters.AddWithValue("cluster", clusterId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Writes this silo's heartbeat. False when it was declared dead (or its row is gone).</summary>
    public async Task<bool> HeartbeatAsync(SiloAddress silo, int activationCount, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE silos SET i_am_alive = now(), activation_count = @count
            WHERE cluster_id = @cluster AND address = @address AND port = @port AND generation = @generation AND status <> 'dead'
            """);
        AddKey(command, silo);
        command.Parameters.AddWithValue("count", activationCount);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Declares dead every silo whose heartbeat is older than <paramref name="failureTimeout"/>
    /// by the database clock, and deletes dead rows older than <paramref name="defunctExpiration"/>.
    /// The condition is re-checked in the update, so two members doing this at once agree.</summary>
    public async Task<int> DeclareLateSilosDeadAsync(TimeSpan failureTimeout, TimeSpan defunctExpiration, CancellationToken cancellationToken)
    {
        try
        {
            return await DeclareLateSilosDeadCoreAsync(failureTimeout, defunctExpiration, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // No silo has created the table yet: nobody to declare dead.
            return 0;
        }
    }

    private async Task<int> DeclareLateSilosDeadCoreAsync(TimeSpan failureTimeout, TimeSpan defunctExpiration, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int changed;
        await using (var command = new NpgsqlCommand("""
            UPDATE silos SET status = 'dead', updated = now()
            WHERE cluster_id = @cluster AND status <> 'dead' AND i_am_alive < now() - @timeout
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("cluster", clusterId);
            command.Parameters.AddWithValue("timeout", failureTimeout);
            changed = await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand("""
            DELETE FROM silos WHERE cluster_id = @cluster AND status = 'dead' AND updated < now() - @expiration
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("cluster", clusterId);
            command.Parameters.AddWithValue("expiration", defunctExpiration);
            changed += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (changed > 0)
        {
            await using var command = new NpgsqlCommand(BumpVersion, connection, transaction);
            command.Parameters.AddWithValue("cluster", clusterId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>Reads the whole view in one round trip. Before any silo created the table, the view is empty.</summary>
    public async Task<MembershipView> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var batch = dataSource.CreateBatch();
            var version = new NpgsqlBatchCommand("SELECT version FROM membership_version WHERE cluster_id = @cluster");
            version.Parameters.AddWithValue("cluster", clusterId);
            var rows = new NpgsqlBatchCommand("""
                SELECT address, port, generation, status, start_time, i_am_alive, activation_count
                FROM silos WHERE cluster_id = @cluster
                """);
            rows.Parameters.AddWithValue("cluster", clusterId);
            batch.BatchCommands.Add(version);
            batch.BatchCommands.Add(rows);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var versionNumber = await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : 0;
            await reader.NextResultAsync(cancellationToken);
            var silos = new List<ClusterSilo>();
            while (await reader.ReadAsync(cancellationToken))
            {
                silos.Add(new ClusterSilo(
                    new SiloAddress(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)),
                    FromText(reader.GetString(3)),
                    reader.GetFieldValue<DateTimeOffset>(4),
                    reader.GetFieldValue<DateTimeOffset>(5),
                    reader.GetInt32(6)));
            }

            return new MembershipView(versionNumber, silos);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return MembershipView.Empty;
        }
    }

    private void AddKey(NpgsqlCommand command, SiloAddress silo)
    {
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("address", silo.Host);
        command.Parameters.AddWithValue("port", silo.Port);
        command.Parameters.AddWithValue("generation", silo.Generation);
    }

    private static string ToText(SiloStatus status) => status switch
    {
        SiloStatus.Joining => "joining",
        SiloStatus.Active => "active",
        SiloStatus.ShuttingDown => "shutting_down",
        _ => "dead",
    };

    private static SiloStatus FromText(string status) => status switch
    {
        "joining" => SiloStatus.Joining,
        "active" => SiloStatus.Active,
        "shutting_down" => SiloStatus.ShuttingDown,
        _ => SiloStatus.Dead,
    };
}
