using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions;
using SurveyNetwork.Functions.Hosting;
using SurveyNetwork.Functions.Http;

namespace SurveyNetwork.LocalHost;

/// <summary>
/// Serves the Functions project's HTTP functions over ASP.NET Core: every function of the
/// <see cref="FunctionCatalog"/> becomes an endpoint at "/api/{Route}". Admin functions
/// (<see cref="HttpFunction.Admin"/>) pass <see cref="AdminAccess"/> first, as under the Functions host.
/// </summary>
public static class FunctionEndpoints
{
    public const string RoutePrefix = "api";

    public static IReadOnlyList<HttpFunction> MapFunctions(this WebApplication app)
    {
        var functions = FunctionCatalog.Http;
        foreach (var f in functions)
        {
            // Constructor matching and parameter binding are worked out once here, not per request.
            var create = ActivatorUtilities.CreateFactory(f.Type, Type.EmptyTypes);
            var invoke = CompileInvoker(f);
            app.MapMethods($"/{RoutePrefix}/{f.Route}", f.Methods, context => InvokeAsync(context, f, create, invoke)).WithName(f.Name);
        }

        return functions;
    }

    private static async Task InvokeAsync(HttpContext context, HttpFunction f, ObjectFactory create, Func<object, HttpContext, object?> invoke)
    {
        if (f.Admin && AdminAccess.Refusal(context.Request, context.RequestServices.GetRequiredService<IConfiguration>()) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        var returned = invoke(create(context.RequestServices, null), context);
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

    /// <summary>
    /// A compiled call of the function's method on an instance, each parameter bound from the
    /// request: the HttpRequest, the request's cancellation token, the HttpContext, a string from
    /// the route values (or else the query string), anything else its default.
    /// </summary>
    internal static Func<object, HttpContext, object?> CompileInvoker(HttpFunction f)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var context = Expression.Parameter(typeof(HttpContext), "context");
        var arguments = f.Method.GetParameters().Select(p => Bind(p, context));
        var call = Expression.Call(Expression.Convert(instance, f.Type), f.Method, arguments);
        Expression body = f.Method.ReturnType == typeof(void)
            ? Expression.Block(call, Expression.Constant(null, typeof(object)))
            : Expression.Convert(call, typeof(object));
        return Expression.Lambda<Func<object, HttpContext, object?>>(body, instance, context).Compile();
    }

    private static Expression Bind(ParameterInfo p, ParameterExpression context)
    {
        var type = p.ParameterType;
        if (type == typeof(HttpRequest))
        {
            return Expression.Property(context, nameof(HttpContext.Request));
        }

        if (type == typeof(CancellationToken))
        {
            return Expression.Property(context, nameof(HttpContext.RequestAborted));
        }

        if (type == typeof(HttpContext))
        {
            return context;
        }

        if (type == typeof(string))
        {
            return Expression.Call(typeof(FunctionEndpoints).GetMethod(nameof(RouteOrQuery), BindingFlags.NonPublic | BindingFlags.Static)!,
                context, Expression.Constant(p.Name));
        }

        return Expression.Constant(p.HasDefaultValue ? p.DefaultValue : (type.IsValueType ? Activator.CreateInstance(type) : null), type);
    }

    private static string? RouteOrQuery(HttpContext context, string name) =>
        context.Request.RouteValues.TryGetValue(name, out var v) ? v?.ToString() : context.Request.Query[name].FirstOrDefault();
}
