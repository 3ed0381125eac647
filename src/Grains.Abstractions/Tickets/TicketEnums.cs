using System.Text.Json.Serialization;

namespace VetrAI.Grains.Abstractions.Tickets;

/// <summary>Where a ticket is in its workflow: open -> pending -> resolved -> closed, reopened from resolved.</summary>
[GenerateSerializer, Alias("vetrai.TicketStatus")]
[JsonConverter(typeof(JsonStringEnumConverter<TicketStatus>))]
public enum TicketStatus
{
    /// <summary>Waiting for the support team.</summary>
    [JsonStringEnumMemberName("open")] Open,
    /// <summary>Waiting for the requester; the resolution clock is paused.</summary>
    [JsonStringEnumMemberName("pending")] Pending,
    /// <summary>Solved; the requester may close or reopen it.</summary>
    [JsonStringEnumMemberName("resolved")] Resolved,
    /// <summary>Final.</summary>
    [JsonStringEnumMemberName("closed")] Closed,
}

/// <summary>How urgent a ticket is; it sets the SLA targets.</summary>
[GenerateSerializer, Alias("vetrai.TicketPriority")]
[JsonConverter(typeof(JsonStringEnumConverter<TicketPriority>))]
public enum TicketPriority
{
    /// <summary>Lowest.</summary>
    [JsonStringEnumMemberName("low")] Low,
    /// <summary>The default.</summary>
    [JsonStringEnumMemberName("normal")] Normal,
    /// <summary>Higher.</summary>
    [JsonStringEnumMemberName("high")] High,
    /// <summary>Highest.</summary>
    [JsonStringEnumMemberName("urgent")] Urgent,
}

/// <summary>Names of the statuses and priorities as they appear on the wire and in the state table.</summary>
public static class TicketNames
{
    /// <summary>The wire name of a status.</summary>
    public static string Of(TicketStatus status) => status switch
    {
        TicketStatus.Open => "open",
        TicketStatus.Pending => "pending",
        TicketStatus.Resolved => "resolved",
        TicketStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The wire name of a priority.</summary>
    public static string Of(TicketPriority priority) => priority switch
    {
        TicketPriority.Low => "low",
        TicketPriority.Normal => "normal",
        TicketPriority.High => "high",
        TicketPriority.Urgent => "urgent",
        _ => throw new ArgumentOutOfRangeException(nameof(priority)),
    };

    /// <summary>Parses a status's wire name.</summary>
    public static bool TryParseStatus(string? value, out TicketStatus status)
    {
        foreach (var candidate in Enum.GetValues<TicketStatus>())
        {
            if (Of(candidate) == value)
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    /// <summary>Parses a priority's wire name.</summary>
    public static bool TryParsePriority(string? value, out TicketPriority priority)
    {
        foreach (var candidate in Enum.GetValues<TicketPriority>())
        {
            if (Of(candidate) == value)
            {
                priority = candidate;
                return true;
            }
        }

        priority = default;
        return false;
    }
}
