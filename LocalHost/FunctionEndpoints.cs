using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions;
using SurveyNetwork.Functions.Http;

namespace SurveyNetwork.LocalHost;

/// <summary>One HTTP function found by reflection: its class, method, route, verbs and authorization level.</summary>
public sealed record HttpFunction(string Name, Type Type, MethodInfo Method, string Route, string[] Methods, AuthorizationLevel Level);

/// <summary>
/// Serves the Functions project's HTTP functions over ASP.NET Core: every method with a
/// <see cref="FunctionAttribute"/> and an <see cref="HttpTriggerAttribute"/> parameter becomes an
/// endpoint at "/api/{Route}", so a route is written once, in the attribute. Admin functions
/// (<see cref="AuthorizationLevel.Function"/> and above) need the admin key in the
/// <c>x-functions-key</c> header or the <c>code</c> query parameter, as under the Functions host.
/// </summary>
public static class FunctionEndpoints
{
    public const string RoutePrefix = "api";

    public static IReadOnlyList<HttpFunction> Discover(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(m => (t, m)))
            .Select(x => (x.t, x.m, function: x.m.GetCustomAttribute<FunctionAttribute>(),
                trigger: x.m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.function is not null && x.trigger is not null)
            .Select(x => new HttpFunction(x.function!.Name, x.t, x.m, x.trigger!.Route ?? x.function.Name,
                (x.trigger.Methods ?? ["get", "post"]).Select(v => v.ToUpperInvariant()).ToArray(), x.trigger.AuthLevel))
            .OrderBy(f => f.Route, StringComparer.Ordinal)
            .ToArray();

    public static IReadOnlyList<HttpFunction> MapFunctions(this WebApplication app, Assembly assembly)
    {
        var functions = Discover(assembly);
        foreach (var f in functions)
        {
            // Constructor matching is done once here, not per request.
            var create = ActivatorUtilities.CreateFactory(f.Type, Type.EmptyTypes);
            var parameters = f.Method.GetParameters();
            app.MapMethods($"/{RoutePrefix}/{f.Route}", f.Methods, context => InvokeAsync(context, f, create, parameters)).WithName(f.Name);
        }

        return functions;
    }

    private static async Task InvokeAsync(HttpContext context, HttpFunction f, ObjectFactory create, ParameterInfo[] parameters)
    {
        if (f.Level >= AuthorizationLevel.Function && !HasAdminKey(context))
        {
            await Problems.Unauthorized("This route needs the admin key (x-functions-key header or code query parameter).")
                .WithHeader("WWW-Authenticate", "FunctionKey").ExecuteAsync(context);
            return;
        }

        var instance = create(context.RequestServices, null);
        var args = new object?[parameters.Length];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Bind(parameters[i], context);
        }

        object? returned;
        try
        {
            returned = f.Method.Invoke(instance, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }

        var result = returned switch
        {
            Task<IActionResult> task => await task,
            IActionResult r => r,
            Task task => await AwaitResult(task),
            _ => null,
        };
        switch (result)
        {
            case IResult r:
                await r.ExecuteAsync(context);
                break;
            case IActionResult r:
                await r.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
        }
    }

    private static async Task<IActionResult?> AwaitResult(Task task)
    {
        await task;
        return task.GetType().GetProperty("Result")?.GetValue(task) as IActionResult;
    }

    private static object? Bind(ParameterInfo p, HttpContext context)
    {
        if (p.ParameterType == typeof(HttpRequest))
        {
            return context.Request;
        }

        if (p.ParameterType == typeof(CancellationToken))
        {
            return context.RequestAborted;
        }

        if (p.ParameterType == typeof(string))
        {
            return context.Request.RouteValues.TryGetValue(p.Name!, out var v) ? v?.ToString() : context.Request.Query[p.Name!].FirstOrDefault();
        }

        if (p.ParameterType == typeof(HttpContext))
        {
            return context;
        }

        return p.HasDefaultValue ? p.DefaultValue : null;
    }

    private static bool HasAdminKey(HttpContext context)
    {
        var expected = context.RequestServices.GetRequiredService<IConfiguration>()[Settings.AdminKey];
        if (string.IsNullOrEmpty(expected))
        {
            return false;
        }

        var given = context.Request.Headers["x-functions-key"].FirstOrDefault() ?? context.Request.Query["code"].FirstOrDefault();
        if (given is null)
        {
            return false;
        }

        // Constant-time comparison of equal-length digests.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
