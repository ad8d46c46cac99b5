targetScope = 'subscription'

metadata description = 'SurveyNetwork on Azure: Functions (Flex Consumption), Cosmos DB for NoSQL, Blob Storage, Key Vault and Application Insights, connected by the app\'s managed identity.'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource. It must offer the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group name; empty for rg-<environmentName>.')
param resourceGroupName string = ''

@description('Cosmos DB capacity: "serverless" (pay per request, nothing at idle) or "autoscale" (provisioned throughput shared by the database).')
@allowed([
  'serverless'
  'autoscale'
])
param cosmosThroughputMode string = 'serverless'

@description('Autoscale ceiling in RU/s for the shared database throughput; used only with cosmosThroughputMode = "autoscale".')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Cosmos DB database name (COSMOS_DATABASE).')
param cosmosDatabaseName string = 'surveynetwork'

@description('Random material for the invitation-token signing key. azd generates it once per environment and keeps it; the vault stores its base64 form, 64 bytes.')
@secure()
@minLength(32)
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 64
      noSpecial: true
    }
  }
})
param tokenSigningKeyMaterial string

@description('Random material for the admin key (ADMIN_KEY) that automation sends in the x-functions-key header. azd generates it once per environment; the vault keeps it.')
@secure()
@minLength(32)
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 48
      noSpecial: true
    }
  }
})
param adminKeyMaterial string

@description('Application (client) id of the Entra ID app registration that signs admins in to the console (App Service authentication); empty leaves sign-in off and the admin key as the only credential.')
param entraClientId string = ''

@description('Origin used in survey links (PUBLIC_BASE_URL), e.g. a custom domain; empty for https://<function app host>.')
param publicBaseUrl string = ''

@description('NCRONTAB schedule (six fields) of the report job (REPORT_SCHEDULE).')
param reportSchedule string = '0 0 6 * * 1'

@description('NCRONTAB schedule (six fields) of the email reminders (REMINDER_SCHEDULE).')
param reminderSchedule string = '0 0 8 * * *'

@description('Reports are built for cycles closed within this many days (REPORT_CLOSED_WITHIN_DAYS).')
@minValue(1)
param reportClosedWithinDays int = 7

@description('Blob container that receives published reports (REPORT_CONTAINER).')
param reportContainerName string = 'reports'

@description('Where invitations and reminders go (EMAIL_SENDER): "none" sends nothing; "smtp" uses the relay below.')
@allowed([
  'none'
  'smtp'
])
param emailSender string = 'none'

@description('Sender address of every message (EMAIL_FROM), e.g. "Surveys <surveys@contoso.com>".')
param emailFrom string = ''

@description('Who respondents may ask about the survey (EMAIL_CONTACT), printed in every message.')
param emailContact string = ''

@description('SMTP relay host (SMTP_HOST), e.g. smtp.office365.com, smtp.sendgrid.net or smtp.azurecomm.net.')
param smtpHost string = ''

@description('SMTP relay port (SMTP_PORT).')
@minValue(1)
@maxValue(65535)
param smtpPort int = 587

@description('SMTP user name (SMTP_USERNAME).')
param smtpUsername string = ''

@description('SMTP password, stored as a Key Vault secret; the app reads it through a Key Vault reference (SMTP_PASSWORD).')
@secure()
param smtpPassword string = ''

@description('TLS to the relay (SMTP_TLS): STARTTLS on the submission port, or TLS on connect.')
@allowed([
  'starttls'
  'tls'
])
param smtpTls string = 'starttls'

@description('Upper bound on Flex Consumption instances: a ceiling on spend under load.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var smtpPasswordSecretName = empty(smtpPassword) ? '' : 'smtp-password'
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var cosmosAccountName = '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var deploymentContainerName = 'app-package'
var signingKeySecretName = 'token-signing-key'
var adminKeySecretName = 'admin-key'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: applicationInsightsName
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: storageAccountName
    deploymentContainerName: deploymentContainerName
    reportContainerName: reportContainerName
  }
}

module cosmos 'app/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    location: location
    tags: tags
    name: cosmosAccountName
    databaseName: cosmosDatabaseName
    throughputMode: cosmosThroughputMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: keyVaultName
    signingKeySecretName: signingKeySecretName
    signingKeyMaterial: tokenSigningKeyMaterial
    adminKeySecretName: adminKeySecretName
    adminKeyMaterial: adminKeyMaterial
    smtpPasswordSecretName: 'smtp-password'
    smtpPassword: smtpPassword
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    location: location
    tags: tags
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainerName}'
    maximumInstanceCount: maximumInstanceCount
    entraClientId: entraClientId
  }
}

// Names are passed as values known before deployment (so what-if can predict them); the resources
// they name come first through dependsOn.
module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  dependsOn: [
    cosmos
    keyVault
    monitoring
  ]
  params: {
    principalId: api.outputs.principalId
    functionAppName: functionAppName
    storageAccountName: storageAccountName
    cosmosAccountName: cosmosAccountName
    keyVaultName: keyVaultName
    signingKeySecretName: signingKeySecretName
    adminKeySecretName: adminKeySecretName
    smtpPasswordSecretName: smtpPasswordSecretName
    applicationInsightsName: applicationInsightsName
  }
}

var effectivePublicBaseUrl = !empty(publicBaseUrl) ? publicBaseUrl : 'https://${api.outputs.defaultHostName}'

// Written after the role assignments, so the first start already finds its permissions.
module apiSettings 'app/api-settings.bicep' = {
  name: 'api-settings'
  scope: rg
  dependsOn: [
    rbac
  ]
  params: {
    functionAppName: functionAppName
    storageAccountName: storageAccountName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    signingKeySecretName: signingKeySecretName
    adminKeySecretName: adminKeySecretName
    easyAuthEnabled: !empty(entraClientId)
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    publicBaseUrl: effectivePublicBaseUrl
    reportSchedule: reportSchedule
    reportClosedWithinDays: reportClosedWithinDays
    reportContainerName: reportContainerName
    reminderSchedule: reminderSchedule
    emailSender: emailSender
    emailFrom: emailFrom
    emailContact: emailContact
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpUsername: smtpUsername
    smtpTls: smtpTls
    smtpPasswordSecretName: smtpPasswordSecretName
  }
}

// azd reads these into the environment. Only names and endpoints: never a key, a secret or a connection string.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output STORE_KIND string = 'cosmos'
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output COSMOS_DATABASE string = cosmos.outputs.databaseName
output PUBLIC_BASE_URL string = effectivePublicBaseUrl
output REPORT_SCHEDULE string = reportSchedule
output REPORT_CLOSED_WITHIN_DAYS string = string(reportClosedWithinDays)
output REPORT_PUBLISHER string = 'blob'
output REPORT_STORAGE__blobServiceUri string = storage.outputs.blobEndpoint
output REPORT_CONTAINER string = reportContainerName
output REPORT_QUEUE__queueServiceUri string = storage.outputs.queueEndpoint
output REMINDER_SCHEDULE string = reminderSchedule
output EMAIL_SENDER string = emailSender
output EMAIL_FROM string = emailFrom
output EMAIL_CONTACT string = emailContact
output SMTP_HOST string = smtpHost
output SMTP_PORT string = string(smtpPort)
output SMTP_USERNAME string = smtpUsername
output SMTP_TLS string = smtpTls
output EASY_AUTH_ENABLED string = string(!empty(entraClientId))
