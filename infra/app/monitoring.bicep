metadata description = 'Log Analytics workspace and the workspace-based Application Insights component the app reports to.'

param location string
param tags object
param logAnalyticsName string
param applicationInsightsName string

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
    features: {
      disableLocalAuth: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    // The Functions host sends telemetry with Entra ID (APPLICATIONINSIGHTS_AUTHENTICATION_STRING and the
    // Monitoring Metrics Publisher role). Ingestion by connection string stays on for the worker's SDK;
    // the instrumentation key only allows writing telemetry, it reads nothing.
    DisableLocalAuth: false
  }
}

output applicationInsightsName string = applicationInsights.name
