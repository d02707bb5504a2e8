// BucketFunctions in one resource group: a Flex Consumption function app (.NET 10 isolated) that reaches storage,
// Key Vault and Application Insights with its user-assigned managed identity. No account key, connection string with
// a key, or SAS is created, read or stored anywhere: the storage account refuses shared keys outright.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds the resource token.')
param environmentName string

@minLength(1)
@description('Region for every resource. It must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the person or pipeline deploying (azd sets AZURE_PRINCIPAL_ID); empty grants nothing extra.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal'])
@description('What principalId is.')
param principalType string = 'User'

@secure()
@minLength(24)
@description('Operator key for /manage/... routes. Stored as a Key Vault secret; the app reads it through a reference.')
param adminKey string

@secure()
@minLength(44)
@description('Base64 of at least 32 random bytes (openssl rand -base64 32): the key idempotency fingerprints are keyed with.')
param fingerprintKey string

@description('Upper bound on Flex Consumption instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

// Declared once here: the storage module creates these tables and the app is told their names.
var tables = {
  tenants: 'tenants'
  tokens: 'tokens'
  credentials: 'credentials'
  health: 'bucketHealth'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-api-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package'
    tableNames: [tables.tenants, tables.tokens, tables.credentials, tables.health]
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    adminKey: adminKey
    fingerprintKey: fingerprintKey
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    planName: 'plan-${resourceToken}'
    name: 'func-api-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    tableServiceUri: storage.outputs.tableServiceUri
    tenantsTable: tables.tenants
    tokensTable: tables.tokens
    credentialsTable: tables.credentials
    healthTable: tables.health
    keyVaultUri: keyVault.outputs.uri
    adminKeySecretUri: keyVault.outputs.adminKeySecretUri
    fingerprintKeySecretName: keyVault.outputs.fingerprintKeySecretName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    maximumInstanceCount: maximumInstanceCount
  }
  // The app pulls its package and resolves its Key Vault reference with the identity: grant first.
  dependsOn: [rbac]
}

// UPPER_SNAKE outputs become azd environment values.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_URI string = storage.outputs.tableServiceUri
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
