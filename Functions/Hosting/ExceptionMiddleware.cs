using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace SurveyNetwork.Functions.Hosting;

/// <summary>Worker middleware: unexpected exceptions of HTTP functions become problem+json (see <see cref="ErrorResponses"/>).</summary>
public sealed class ExceptionMiddleware(ILogger<ExceptionMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (context.GetHttpContext() is { } http)
        {
            await ErrorResponses.WriteAsync(http, ex, logger);
        }
    }
}
