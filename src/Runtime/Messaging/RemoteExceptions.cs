using System.Collections.Concurrent;
using System.Linq.Expressions;

namespace VetrAI.Runtime.Messaging;

/// <summary>Carries an exception across processes as its type name and message, and recreates it on
/// the caller's side with the same type when that type is known there and has a (string) constructor.</summary>
internal static class RemoteExceptions
{
    private static readonly ConcurrentDictionary<string, Func<string, Exception>?> _factories = new(StringComparer.Ordinal);

    public static RemoteCallResponse ToResponse(Exception exception)
    {
        var type = exception.GetType();
        return new RemoteCallResponse(null, $"{type.FullName}, {type.Assembly.GetName().Name}", exception.Message);
    }

    public static Exception Create(string typeName, string? message)
    {
        message ??= "";
        var factory = _factories.GetOrAdd(typeName, CreateFactory);
        if (factory is not null)
        {
            return factory(message);
        }

        var comma = typeName.IndexOf(',', StringComparison.Ordinal);
        return new GrainCallException(comma < 0 ? typeName : typeName[..comma], message);
    }

    private static Func<string, Exception>? CreateFactory(string typeName)
    {
        // Only exception types with a (string message) constructor are ever created from a name.
        var type = Type.GetType(typeName, throwOnError: false);
        if (type is null || !typeof(Exception).IsAssignableFrom(type) || type.IsAbstract)
        {
            return null;
        }

        var constructor = type.GetConstructor([typeof(string)]);
        if (constructor is null)
        {
            return null;
        }

        var message = Expression.Parameter(typeof(string), "message");
        return Expression.Lambda<Func<string, Exception>>(Expression.New(constructor, message), message).Compile();
    }
}
