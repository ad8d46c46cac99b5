namespace SurveyNetwork.Functions.Queues;

/// <summary>The report-run queue, its poison queue (the Functions host's "-poison" convention) and the trigger's connection name.</summary>
public static class ReportQueues
{
    /// <summary>One message per cycle run to do.</summary>
    public const string Runs = "report-runs";

    /// <summary>Where the host moves a message after its last failed attempt.</summary>
    public const string Poison = Runs + "-poison";

    /// <summary>The trigger's connection: settings <c>REPORT_QUEUE__queueServiceUri</c> and <c>REPORT_QUEUE__credential</c> in Azure.</summary>
    public const string Connection = "REPORT_QUEUE";
}
