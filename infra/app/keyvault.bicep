// Bucket credentials (Vault:Mode KeyVault, one secret per bucket) and the operator key. Access is by RBAC only.
param name string
param location string
param tags object

@secure()
param adminKey string

@secure()
param fingerprintKey string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

// The app never sees this value in its settings: Admin__Key is a reference to this secret's versionless URI, so a new
// version is picked up without a redeploy.
resource adminKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'admin-key'
  properties: {
    value: adminKey
    contentType: 'text/plain'
  }
}

// The server key idempotency fingerprints are keyed with; the app reads it once at start by this secret's name.
resource fingerprintKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'idempotency-fingerprint-key'
  properties: {
    value: fingerprintKey
    contentType: 'text/plain'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
output adminKeySecretUri string = adminKeySecret.properties.secretUri
output fingerprintKeySecretName string = fingerprintKeySecret.name
