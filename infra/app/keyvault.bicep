metadata description = 'Key Vault holding the invitation-token signing key and the admin key. Access is by Azure RBAC only; the app reads the secret through a Key Vault reference.'

param location string
param tags object
param name string
param signingKeySecretName string

@secure()
param signingKeyMaterial string

param adminKeySecretName string

@secure()
param adminKeyMaterial string

param smtpPasswordSecretName string

@description('SMTP relay password; no secret is created when empty.')
@secure()
param smtpPassword string

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    // Shortest soft-delete window, and no purge protection, so `azd down --purge` removes the vault.
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// The code wants a base64 key of at least 32 bytes: the base64 form of the 64 generated characters is a 64-byte key.
resource signingKey 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: signingKeySecretName
  properties: {
    value: base64(signingKeyMaterial)
    contentType: 'base64'
  }
}

// The admin key is the generated text itself: automation sends it as the x-functions-key header.
resource adminKey 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: adminKeySecretName
  properties: {
    value: adminKeyMaterial
    contentType: 'text/plain'
  }
}

resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(smtpPassword)) {
  parent: vault
  name: smtpPasswordSecretName
  properties: {
    value: smtpPassword
    contentType: 'text/plain'
  }
}

output name string = vault.name
