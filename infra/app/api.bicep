// The Flex Consumption plan and the function app. Every app setting is here, in appSettings below; none carries a
// key: storage and Application Insights are reached with the user-assigned identity, and the operator key is a
// Key Vault reference resolved with that same identity.
param planName string
param name string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerUrl string
param tableServiceUri string
param tenantsTable string
param tokensTable string
param credentialsTable string
param healthTable string
param keyVaultUri string
param adminKeySecretUri string
param fingerprintKeySecretName string
param applicationInsightsName string
param maximumInstanceCount int

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: 2048
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Deployments go through Entra-authenticated endpoints only: no publishing user names or passwords.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: { allow: false }
}

// Settings use .NET configuration names with '__'. tests/BucketFunctions.Deployment.Tests reads this object: every
// setting the code reads is set here or listed as optional in infra/settings.json, and nothing here is unread.
var appSettings = {
  // The host's own storage, by identity (Flex Consumption takes the runtime from functionAppConfig, not settings).
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // DefaultAzureCredential picks the user-assigned identity by this client id wherever a client names none.
  AZURE_CLIENT_ID: identityClientId
  Storage__TableServiceUri: tableServiceUri
  Storage__ManagedIdentityClientId: identityClientId
  Storage__TenantsTable: tenantsTable
  Storage__TokensTable: tokensTable
  Storage__HealthTable: healthTable
  Vault__Mode: 'KeyVault'
  Vault__KeyVault__Uri: keyVaultUri
  Vault__KeyVault__ManagedIdentityClientId: identityClientId
  Vault__Envelope__Table: credentialsTable
  Admin__Key: '@Microsoft.KeyVault(SecretUri=${adminKeySecretUri})'
  Idempotency__FingerprintKeySecretName: fingerprintKeySecretName
  Vault__Sweep__Schedule: '0 */10 * * * *'
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: appSettings
}

output name string = app.name
output uri string = 'https://${app.properties.defaultHostName}'
