using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Tickets;

namespace VetrAI.Grains.Tickets;

/// <summary>Settings of support tickets (VETRAI_TICKETS_*).</summary>
public sealed class TicketOptions
{
    /// <summary>SLA targets of organizations that set none.</summary>
    public SlaPolicy DefaultSla { get; set; } = SlaPolicy.Default;

    /// <summary>Largest attachment in bytes (VETRAI_TICKETS_MAX_ATTACHMENT_BYTES); larger uploads are refused with 413.</summary>
    public long MaxAttachmentBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>Content types an attachment may have (VETRAI_TICKETS_ATTACHMENT_TYPES, comma-separated).</summary>
    public IList<string> AllowedAttachmentTypes { get; } =
    [
        "application/pdf", "application/json", "application/zip", "application/gzip", "text/plain", "text/csv", "text/markdown",
        "image/png", "image/jpeg", "image/gif", "image/webp",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ];
}

internal sealed class TicketOptionsValidator : IValidateOptions<TicketOptions>
{
    public ValidateOptionsResult Validate(string? name, TicketOptions options)
    {
        var failures = new List<string>();
        if (options.MaxAttachmentBytes < 1)
        {
            failures.Add("VETRAI_TICKETS_MAX_ATTACHMENT_BYTES must be positive.");
        }

        if (options.AllowedAttachmentTypes.Count == 0)
        {
            failures.Add("VETRAI_TICKETS_ATTACHMENT_TYPES must name at least one content type.");
        }

        if (SlaPolicyRules.WhyInvalid(options.DefaultSla) is { } why)
        {
            failures.Add($"Tickets DefaultSla: {why}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
