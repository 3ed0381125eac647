using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.ApiFrontend.Validation;

/// <summary>Collects what is wrong with a request, field by field, and throws one 400 listing all of it.
/// Each request type has a small <c>Validate()</c> built on this, returning a non-null input for the handler.</summary>
public sealed class RequestValidator
{
    /// <summary>The message for a missing or empty body.</summary>
    public const string BodyRequired = "A JSON request body is required.";

    private readonly List<string> _errors = [];

    /// <summary>Throws a 400 when the body is missing.</summary>
    public static T RequireBody<T>(T? body) where T : class
        => body ?? throw new InvalidInputException(BodyRequired);

    /// <summary>The value, or an error "<paramref name="field"/> is required." when null or blank.</summary>
    public string Required(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            _errors.Add($"{field} is required.");
            return "";
        }

        return value;
    }

    /// <summary>Records <paramref name="message"/> when <paramref name="condition"/> is false.</summary>
    public void Check(bool condition, string message)
    {
        if (!condition)
        {
            _errors.Add(message);
        }
    }

    /// <summary>Records <paramref name="message"/> when it is not null.</summary>
    public void Add(string? message)
    {
        if (message is not null)
        {
            _errors.Add(message);
        }
    }

    /// <summary>Whether nothing is wrong so far.</summary>
    public bool IsValid => _errors.Count == 0;

    /// <summary>Throws <see cref="InvalidInputException"/> (400) listing every problem, if any.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new InvalidInputException(string.Join(" ", _errors));
        }
    }
}
