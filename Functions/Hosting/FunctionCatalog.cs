using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace SurveyNetwork.Functions.Hosting;

/// <summary>
/// An HTTP function: its route under <c>/api</c>, its verbs (upper case), its authorization level for
/// the Functions host and whether it is an admin route (<see cref="AdminOnlyAttribute"/>, checked by
/// <see cref="AdminAccess"/>).
/// </summary>
public sealed record HttpFunction(string Name, Type Type, MethodInfo Method, string Route, IReadOnlyList<string> Methods, AuthorizationLevel Level)
{
    /// <summary>Whether callers must be admins: the admin key, or a signed-in user with the admin app role.</summary>
    public bool Admin { get; } = Method.IsDefined(typeof(AdminOnlyAttribute)) || Level >= AuthorizationLevel.Function;
}

/// <summary>A timer function: its six-field NCRONTAB schedule as written, %SETTING% references unresolved.</summary>
public sealed record TimerFunction(string Name, Type Type, MethodInfo Method, string Schedule);

/// <summary>A queue function: the queue it reads and the parameter that receives the message.</summary>
public sealed record QueueFunction(string Name, Type Type, MethodInfo Method, string Queue);

/// <summary>
/// Every function of this app, read once from the attributes the Functions host itself reads: a
/// method with a <see cref="FunctionAttribute"/> and an <see cref="HttpTriggerAttribute"/> or
/// <see cref="TimerTriggerAttribute"/> or <see cref="QueueTriggerAttribute"/> parameter. LocalHost maps its endpoints and runs its timers
/// from this catalog and the OpenAPI document takes its operations from it, so a route, verb,
/// authorization level or schedule is written once, in the trigger attribute.
/// </summary>
public static class FunctionCatalog
{
    /// <summary>The HTTP functions, ordered by route.</summary>
    public static IReadOnlyList<HttpFunction> Http { get; }

    /// <summary>The timer functions, ordered by name.</summary>
    public static IReadOnlyList<TimerFunction> Timers { get; }

    /// <summary>The queue functions, ordered by name.</summary>
    public static IReadOnlyList<QueueFunction> Queues { get; }

    static FunctionCatalog()
    {
        var functions = typeof(FunctionCatalog).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.Function is not null)
            .ToArray();

        Http = functions
            .Select(x => (x.Method, x.Function, Trigger: Trigger<HttpTriggerAttribute>(x.Method)))
            .Where(x => x.Trigger is not null)
            .Select(x => new HttpFunction(x.Function!.Name, x.Method.DeclaringType!, x.Method, x.Trigger!.Route ?? x.Function.Name,
                // A trigger that names no verb is served for GET and POST.
                (x.Trigger.Methods ?? ["get", "post"]).Select(v => v.ToUpperInvariant()).ToArray(), x.Trigger.AuthLevel))
            .OrderBy(f => f.Route, StringComparer.Ordinal)
            .ToArray();

        Timers = functions
            .Select(x => (x.Method, x.Function, Trigger: Trigger<TimerTriggerAttribute>(x.Method)))
            .Where(x => x.Trigger is not null)
            .Select(x => new TimerFunction(x.Function!.Name, x.Method.DeclaringType!, x.Method, x.Trigger!.Schedule))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();

        Queues = functions
            .Select(x => (x.Method, x.Function, Trigger: Trigger<QueueTriggerAttribute>(x.Method)))
            .Where(x => x.Trigger is not null)
            .Select(x => new QueueFunction(x.Function!.Name, x.Method.DeclaringType!, x.Method, x.Trigger!.QueueName))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The HTTP function named <paramref name="name"/> in its <see cref="FunctionAttribute"/>, or null.</summary>
    public static HttpFunction? FindHttp(string name) => Http.FirstOrDefault(f => f.Name == name);

    private static T? Trigger<T>(MethodInfo method) where T : Attribute =>
        method.GetParameters().Select(p => p.GetCustomAttribute<T>()).FirstOrDefault(a => a is not null);
}
