namespace SurveyNetwork.Functions;

/// <summary>
/// Every configuration setting the app reads, named once. The Bicep template sets the same names
/// (a test compares them), and LocalHost has embedded defaults for each that a local run needs.
/// </summary>
public static class Settings
{
    /// <summary>"sqlite" (default, embedded) or "cosmos".</summary>
    public const string StoreKind = "STORE_KIND";

    /// <summary>SQLite file path for the embedded store.</summary>
    public const string SqlitePath = "SQLITE_PATH";

    /// <summary>Cosmos DB account endpoint (identity-based connection in Azure).</summary>
    public const string CosmosEndpoint = "COSMOS_ENDPOINT";

    /// <summary>Cosmos DB key; only for local emulators. In Azure the managed identity is used.</summary>
    public const string CosmosKey = "COSMOS_KEY";

    public const string CosmosDatabase = "COSMOS_DATABASE";

    /// <summary>"true" creates the database and containers on start-up (local runs, tests).</summary>
    public const string CosmosCreateIfMissing = "COSMOS_CREATE_IF_MISSING";

    /// <summary>Accept the self-signed certificate of a loopback emulator (never honoured for other hosts).</summary>
    public const string CosmosAllowLoopbackCertificate = "COSMOS_ALLOW_LOOPBACK_CERTIFICATE";

    /// <summary>HMAC-SHA256 key (base64, at least 32 bytes) that signs invitation tokens; a Key Vault reference in Azure.</summary>
    public const string TokenSigningKey = "TOKEN_SIGNING_KEY";

    /// <summary>Earlier signing keys still accepted, base64 keys separated by ";" (empty after a forced rotation).</summary>
    public const string TokenPreviousKeys = "TOKEN_PREVIOUS_KEYS";

    /// <summary>
    /// Origin used to build survey links (e.g. https://contoso-survey.azurewebsites.net); required to
    /// issue invitations (never taken from a request). LocalHost defaults it to its own listening address.
    /// </summary>
    public const string PublicBaseUrl = "PUBLIC_BASE_URL";

    /// <summary>Admin key for automation, sent as the x-functions-key header or code parameter (in Azure a Key Vault reference).</summary>
    public const string AdminKey = "ADMIN_KEY";

    /// <summary>
    /// "true" only where App Service authentication (Easy Auth) is on, so the platform's principal
    /// header can be trusted; anywhere else that header is refused as forged. The Bicep template sets it.
    /// </summary>
    public const string EasyAuthEnabled = "EASY_AUTH_ENABLED";

    /// <summary>NCRONTAB schedule of the report job (six fields), default every Monday 06:00 UTC.</summary>
    public const string ReportSchedule = "REPORT_SCHEDULE";

    /// <summary>Reports are built for cycles closed within this many days.</summary>
    public const string ReportClosedWithinDays = "REPORT_CLOSED_WITHIN_DAYS";

    /// <summary>Seconds between two looks at a cycle's answers for respondents' profiles (default 60); new answers show in profiles after at most this long.</summary>
    public const string ProfileRefreshSeconds = "PROFILE_REFRESH_SECONDS";

    /// <summary>"blob" or "folder" (default).</summary>
    public const string ReportPublisher = "REPORT_PUBLISHER";

    /// <summary>Folder for published reports when publishing locally.</summary>
    public const string ReportFolder = "REPORT_FOLDER";

    /// <summary>Blob service endpoint (identity-based connection in Azure).</summary>
    public const string ReportStorageEndpoint = "REPORT_STORAGE__blobServiceUri";

    /// <summary>Blob connection string; only for local emulators (UseDevelopmentStorage=true).</summary>
    public const string ReportStorageConnectionString = "REPORT_STORAGE_CONNECTION_STRING";

    public const string ReportContainer = "REPORT_CONTAINER";

    /// <summary>
    /// Queue service endpoint of the report-run queue (identity-based connection "REPORT_QUEUE" of the
    /// queue trigger in Azure). Unset in LocalHost: its embedded queue is used unless
    /// <see cref="ReportQueueConnectionString"/> names an emulator.
    /// </summary>
    public const string ReportQueueEndpoint = "REPORT_QUEUE__queueServiceUri";

    /// <summary>Queue connection string; only for a local emulator (Azurite), which LocalHost then uses instead of its embedded queue.</summary>
    public const string ReportQueueConnectionString = "REPORT_QUEUE_CONNECTION_STRING";

    /// <summary>Seconds a report run's lease on a cycle lasts unless renewed (default 60); a crashed run blocks its cycle at most this long.</summary>
    public const string ReportLeaseSeconds = "REPORT_LEASE_SECONDS";

    /// <summary>
    /// LocalHost only: seconds a taken queue message stays invisible while its function runs (renewed
    /// every half; default 600, the Functions host's own). A crashed process's message reappears after at most this long.
    /// </summary>
    public const string QueueMessageLeaseSeconds = "QUEUE_MESSAGE_LEASE_SECONDS";

    /// <summary>
    /// Hosts that report webhooks may reach although private or over plain HTTP, as <c>host</c> or
    /// <c>host:port</c> separated by commas — only for local receivers and tests; never set in Azure.
    /// </summary>
    public const string WebhookAllowedHosts = "WEBHOOK_ALLOWED_HOSTS";

    /// <summary>Where messages go: "outbox" (a folder of .eml files; LocalHost's default), "smtp", or "none" (the default: no email is sent).</summary>
    public const string EmailSender = "EMAIL_SENDER";

    /// <summary>Folder of the outbox sender.</summary>
    public const string EmailOutboxFolder = "EMAIL_OUTBOX_FOLDER";

    /// <summary>Sender of every message, "Name &lt;address&gt;" or a bare address.</summary>
    public const string EmailFrom = "EMAIL_FROM";

    /// <summary>Who respondents may ask about the survey (a name, an address or both), printed in every message unless an invitation request names someone else.</summary>
    public const string EmailContact = "EMAIL_CONTACT";

    /// <summary>SMTP relay host name (e.g. smtp.office365.com, smtp.sendgrid.net, smtp.azurecomm.net).</summary>
    public const string SmtpHost = "SMTP_HOST";

    /// <summary>SMTP port, default 587.</summary>
    public const string SmtpPort = "SMTP_PORT";

    public const string SmtpUsername = "SMTP_USERNAME";

    /// <summary>SMTP password; a Key Vault reference in Azure.</summary>
    public const string SmtpPassword = "SMTP_PASSWORD";

    /// <summary>"starttls" (default), "tls" (TLS on connect), or "none" (loopback hosts only).</summary>
    public const string SmtpTls = "SMTP_TLS";

    /// <summary>SMTP connections kept open at once (default 4).</summary>
    public const string SmtpConnections = "SMTP_CONNECTIONS";

    /// <summary>NCRONTAB schedule of the reminders (six fields), default daily 08:00 UTC.</summary>
    public const string ReminderSchedule = "REMINDER_SCHEDULE";

    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public const string DefaultReportSchedule = "0 0 6 * * 1";

    public const string DefaultReminderSchedule = "0 0 8 * * *";
}
