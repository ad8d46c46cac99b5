metadata description = 'App settings of the function app: the setting names the code reads (Functions/Settings.cs) plus the host\'s identity-based storage connection.'

param functionAppName string
param storageAccountName string
param applicationInsightsName string
param keyVaultName string
param signingKeySecretName string
param adminKeySecretName string
@description('Whether App Service authentication is on (authsettingsV2 in api.bicep); only then is the platform\'s principal header trusted.')
param easyAuthEnabled bool
param cosmosEndpoint string
param cosmosDatabaseName string
param publicBaseUrl string
param reportSchedule string
param reportClosedWithinDays int
param reportContainerName string
param reminderSchedule string
param emailSender string
param emailFrom string
param emailContact string
param smtpHost string
param smtpPort int
param smtpUsername string
param smtpTls string
@description('Name of the Key Vault secret holding the SMTP password; empty when the relay needs none.')
param smtpPasswordSecretName string

resource site 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName

  resource signingKey 'secrets' existing = {
    name: signingKeySecretName
  }

  resource adminKey 'secrets' existing = {
    name: adminKeySecretName
  }

  resource smtpPassword 'secrets' existing = if (!empty(smtpPasswordSecretName)) {
    name: smtpPasswordSecretName
  }
}

resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // Functions host storage over the managed identity (no connection string exists: shared keys are off).
    AzureWebJobsStorage__accountName: storageAccount.name
    AzureWebJobsStorage__credential: 'managedidentity'
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
    STORE_KIND: 'cosmos'
    COSMOS_ENDPOINT: cosmosEndpoint
    COSMOS_DATABASE: cosmosDatabaseName
    // Versionless reference: the platform resolves the current version of the secret.
    TOKEN_SIGNING_KEY: '@Microsoft.KeyVault(SecretUri=${vault::signingKey.properties.secretUri})'
    ADMIN_KEY: '@Microsoft.KeyVault(SecretUri=${vault::adminKey.properties.secretUri})'
    EASY_AUTH_ENABLED: string(easyAuthEnabled)
    PUBLIC_BASE_URL: publicBaseUrl
    REPORT_SCHEDULE: reportSchedule
    REPORT_CLOSED_WITHIN_DAYS: string(reportClosedWithinDays)
    REPORT_PUBLISHER: 'blob'
    REPORT_STORAGE__blobServiceUri: storageAccount.properties.primaryEndpoints.blob
    REPORT_STORAGE__credential: 'managedidentity'
    REPORT_CONTAINER: reportContainerName
    // The report-run queue: the queue trigger's identity-based connection "REPORT_QUEUE", also used to send.
    REPORT_QUEUE__queueServiceUri: storageAccount.properties.primaryEndpoints.queue
    REPORT_QUEUE__credential: 'managedidentity'
    REMINDER_SCHEDULE: reminderSchedule
    EMAIL_SENDER: emailSender
    EMAIL_FROM: emailFrom
    EMAIL_CONTACT: emailContact
    SMTP_HOST: smtpHost
    SMTP_PORT: string(smtpPort)
    SMTP_USERNAME: smtpUsername
    SMTP_PASSWORD: empty(smtpPasswordSecretName) ? '' : '@Microsoft.KeyVault(SecretUri=${vault::smtpPassword!.properties.secretUri})'
    SMTP_TLS: smtpTls
  }
}
