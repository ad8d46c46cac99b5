metadata description = 'Data-plane roles of the function app\'s managed identity, each scoped to the one resource it needs.'

@description('Object id of the function app\'s system-assigned identity.')
param principalId string

@description('Seeds the role assignment names, which must be known before deployment.')
param functionAppName string
param storageAccountName string
param cosmosAccountName string
param keyVaultName string

@description('Name of the SMTP password secret; empty when there is none.')
param smtpPasswordSecretName string
param signingKeySecretName string
param adminKeySecretName string
param applicationInsightsName string

// Built-in Azure role definition ids.
var storageRoles = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner: host storage, deployment package, reports
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor: host queues
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor: host tables
]
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb' // Monitoring Metrics Publisher
// Cosmos DB data-plane role (not an Azure RBAC role): Cosmos DB Built-in Data Contributor.
var cosmosDataContributor = '00000000-0000-0000-0000-000000000002'

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource cosmosAccount 'Microsoft.DocumentDB/databaseAccounts@2025-10-15' existing = {
  name: cosmosAccountName
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

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storageAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoles: {
    name: guid(storageAccount.id, functionAppName, roleId)
    scope: storageAccount
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource signingKeyReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault::signingKey.id, functionAppName, keyVaultSecretsUser)
  scope: vault::signingKey
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource adminKeyReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault::adminKey.id, functionAppName, keyVaultSecretsUser)
  scope: vault::adminKey
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource smtpPasswordReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(smtpPasswordSecretName)) {
  name: guid(vault::smtpPassword.id, functionAppName, keyVaultSecretsUser)
  scope: vault::smtpPassword
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, functionAppName, monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource cosmosDataAccess 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-10-15' = {
  parent: cosmosAccount
  name: guid(cosmosAccount.id, functionAppName, cosmosDataContributor)
  properties: {
    roleDefinitionId: '${cosmosAccount.id}/sqlRoleDefinitions/${cosmosDataContributor}'
    principalId: principalId
    scope: cosmosAccount.id
  }
}
