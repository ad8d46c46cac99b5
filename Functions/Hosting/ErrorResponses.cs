using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Functions.Http;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Hosting;

/// <summary>
/// The one place unexpected exceptions become responses (used by the worker middleware and by
/// LocalHost): a store outage is a 503 with Retry-After, anything else a logged 500 problem with a
/// correlation id. Nothing else catches <see cref="Exception"/>.
/// </summary>
public static partial class ErrorResponses
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Store unavailable while serving {Path}; answered 503 ({CorrelationId})")]
    private static partial void LogUnavailable(ILogger logger, PathString path, string correlationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error serving {Path} ({CorrelationId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, PathString path, string correlationId);

    public static async Task WriteAsync(HttpContext context, Exception exception, ILogger logger)
    {
        var correlationId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        ApiResult result;
        if (exception is StoreUnavailableException || exception.InnerException is StoreUnavailableException)
        {
            LogUnavailable(logger, context.Request.Path, correlationId);
            result = Problems.Unavailable();
        }
        else if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        else if (exception is BadHttpRequestException bad)
        {
            result = Problems.Create(bad.StatusCode, "The request could not be read.", bad.Message);
        }
        else
        {
            LogUnhandled(logger, exception, context.Request.Path, correlationId);
            result = Problems.Create(StatusCodes.Status500InternalServerError, "An unexpected error occurred.",
                $"Quote correlation id {correlationId} when reporting it.");
        }

        if (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.Headers["X-Correlation-Id"] = correlationId;
            await result.ExecuteAsync(context);
        }
    }
}
