using System.Linq.Expressions;
using System.Reflection;

namespace VetrAI.Runtime.Messaging;

/// <summary>Builds, once per interface method, the delegate that calls the method on a grain instance
/// from an argument array, with every return shape adapted to <see cref="ValueTask{TResult}"/>
/// (void methods yield a null object) so the call path has one generic form and no reflection.</summary>
internal static class GrainMethodCompiler
{
    private static readonly MethodInfo _fromTask = typeof(GrainMethodCompiler).GetMethod(nameof(FromTask), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo _fromValueTask = typeof(GrainMethodCompiler).GetMethod(nameof(FromValueTask), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static Func<object, object?[], ValueTask<TResult>> Compile<TResult>(MethodInfo method, ReturnKind returnKind)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters();
        var arguments = new Expression[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            arguments[i] = Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), parameters[i].ParameterType);
        }

        Expression call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, arguments);
        call = returnKind switch
        {
            ReturnKind.TaskOfT => Expression.New(typeof(ValueTask<TResult>).GetConstructor([typeof(Task<TResult>)])!, call),
            ReturnKind.ValueTaskOfT => call,
            ReturnKind.Task => Expression.Call(_fromTask, call),
            ReturnKind.ValueTask => Expression.Call(_fromValueTask, call),
            _ => throw new ArgumentOutOfRangeException(nameof(returnKind)),
        };
        return Expression.Lambda<Func<object, object?[], ValueTask<TResult>>>(call, grain, args).Compile();
    }

    private static ValueTask<object?> FromTask(Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return default;
        }

        return new ValueTask<object?>(AwaitTask(task));

        static async Task<object?> AwaitTask(Task task)
        {
            await task;
            return null;
        }
    }

    private static ValueTask<object?> FromValueTask(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            // Consume the result so a pooled IValueTaskSource goes back to its pool.
            task.GetAwaiter().GetResult();
            return default;
        }

        return new ValueTask<object?>(AwaitValueTask(task));

        static async Task<object?> AwaitValueTask(ValueTask task)
        {
            await task;
            return null;
        }
    }
}
