using Microsoft.Extensions.Options;

namespace VetrAI.Runtime.Hosting;

/// <summary>Checks the silo's settings at start; each message names the setting to fix.</summary>
internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add("SiloOptions.ConnectionString is empty: set VETRAI_DATABASE_URL to the grain database's connection string.");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            errors.Add("SiloOptions.ClusterId is empty: set VETRAI_CLUSTER_ID.");
        }

        Positive(options.CollectionAge, nameof(SiloOptions.CollectionAge));
        Positive(options.CollectionQuantum, nameof(SiloOptions.CollectionQuantum));
        Positive(options.ActivationTimeout, nameof(SiloOptions.ActivationTimeout));
        Positive(options.DeactivationTimeout, nameof(SiloOptions.DeactivationTimeout));
        Positive(options.CallTimeout, nameof(SiloOptions.CallTimeout));
        Positive(options.ReminderPollInterval, nameof(SiloOptions.ReminderPollInterval));
        Positive(options.ReminderLease, nameof(SiloOptions.ReminderLease));
        if (options.CallTimeout.TotalMilliseconds >= int.MaxValue)
        {
            errors.Add("SiloOptions.CallTimeout must be under 24 days.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Positive(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"SiloOptions.{setting} must be positive (it is {value}).");
            }
        }
    }
}
