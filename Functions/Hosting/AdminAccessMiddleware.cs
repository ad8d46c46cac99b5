using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Configuration;

namespace SurveyNetwork.Functions.Hosting;

/// <summary>
/// Worker middleware: every admin function (<see cref="HttpFunction.Admin"/>) runs only after
/// <see cref="AdminAccess"/> lets the request through. The Functions host sees these routes as
/// anonymous because it grants function-level access only for its own keys, never for a user signed
/// in through App Service authentication; the check therefore lives here, in code, once.
/// </summary>
public sealed class AdminAccessMiddleware(IConfiguration configuration) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (FunctionCatalog.FindHttp(context.FunctionDefinition.Name) is { Admin: true })
        {
            // Fails closed: an admin function without its HTTP request is never run.
            var http = context.GetHttpContext() ?? throw new InvalidOperationException($"Admin function {context.FunctionDefinition.Name} ran without an HTTP context.");
            if (AdminAccess.Refusal(http.Request, configuration) is { } refusal)
            {
                await refusal.ExecuteAsync(http);
                return;
            }
        }

        await next(context);
    }
}
