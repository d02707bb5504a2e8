// One account: the host's own storage (AzureWebJobsStorage), the deployment package container, and the app's tables.
// Shared keys are refused, so every caller must present an Entra token.
param name string
param location string
param tags object
param deploymentContainerName string
param tableNames array

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
    dnsEndpointType: 'Standard'
  }

  resource blobs 'blobServices' = {
    name: 'default'

    resource deployment 'containers' = {
      name: deploymentContainerName
      properties: { publicAccess: 'None' }
    }
  }

  resource tableService 'tableServices' = {
    name: 'default'

    resource table 'tables' = [for tableName in tableNames: {
      name: tableName
    }]
  }
}

output name string = account.name
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainerName}'
// Without the trailing slash, as Storage:TableServiceUri documents it.
var tableEndpoint = account.properties.primaryEndpoints.table
output tableServiceUri string = take(tableEndpoint, length(tableEndpoint) - 1)
