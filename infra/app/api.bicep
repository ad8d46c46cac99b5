metadata description = 'Function app on the Flex Consumption plan, .NET 10 isolated worker, with a system-assigned managed identity. App settings are written by api-settings.bicep once the identity has its roles.'

param location string
param tags object
param name string
param planName string

@description('Blob container URL that holds the deployment package.')
param deploymentContainerUrl string

param maximumInstanceCount int

@description('Application (client) id of the Entra ID app registration for admin sign-in; empty leaves App Service authentication off.')
param entraClientId string

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  // azd finds the app to deploy the service `api` of azure.yaml by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        // 4 GB instances (the largest Flex Consumption size): one 1,000,000-person organization's
        // measure set (14.3 ties each, sampled betweenness) and its whole report job fit with the GC
        // heap held to 3.5 GB (peak GC heap 2.2 GB and 3.3 GB, resident 3.4 GB at most; Benchmarks
        // README, analytics --people 1000000 --report-job). 2 GB instances could not hold its answers
        // and network at all.
        instanceMemoryMB: 4096
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Deployments authenticate with Entra ID; publishing user names and passwords are switched off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// App Service authentication (Easy Auth) with Microsoft Entra ID, only when a client id is given.
// Unauthenticated requests pass (AllowAnonymous): respondents never sign in, and automation calls the
// admin routes with the admin key; a signed-in user's principal reaches the app in X-MS-CLIENT-PRINCIPAL
// and the app role is checked in code on every admin route. Without a client secret, sign-in at
// /.auth/login/aad uses the OpenID Connect ID token, so the registration needs ID tokens enabled.
resource authSettings 'Microsoft.Web/sites/config@2025-03-01' = if (!empty(entraClientId)) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            entraClientId
            'api://${entraClientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: true
      }
    }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output principalId string = site.identity.principalId
