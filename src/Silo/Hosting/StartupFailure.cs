namespace VetrAI.Silo.Hosting;

/// <summary>Turns a start that failed because of a setting into one line naming it. The composition and the
/// providers throw <see cref="InvalidOperationException"/>s (and options validators
/// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>s) whose message names the <c>VETRAI_*</c> setting to
/// fix; by the time they reach Program.cs, Orleans' lifecycle may have wrapped them in other exceptions.</summary>
public static class StartupFailure
{
    /// <summary>The message of the setting problem inside <paramref name="exception"/>, or null if there is none.</summary>
    public static string? SettingProblem(Exception exception)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current is InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException
                && current.Message.Contains("VETRAI_", StringComparison.Ordinal))
            {
                return current.Message;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return null;
    }
}
