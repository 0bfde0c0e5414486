// Optional PostgreSQL flexible server (Storage__Provider = Postgres) with private access only:
//  - injected into a subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers, no public endpoint,
//  - name resolution through the private DNS zone privatelink.postgres.database.azure.com linked to the VNet,
//  - Microsoft Entra authentication enabled with the bot's managed identity as an Entra administrator, and
//    password authentication for the connection string the app uses today; that password is generated at
//    deployment, stored only in Key Vault, and the web app reads it through a Key Vault reference.
// No diagnostic setting sends server logs to Log Analytics: PostgreSQL error messages can quote row values, and
// conversation data must stay in the database.

@description('Name of the server.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the server.')
param tags object

@description('Resource ID of the delegated subnet.')
param delegatedSubnetId string

@description('Resource ID of the virtual network to link the private DNS zone to.')
param virtualNetworkId string

@description('Administrator login name.')
param administratorLogin string

@description('Administrator password (stored in Key Vault as part of the connection string).')
@secure()
param administratorPassword string

@description('Name of the application database.')
param databaseName string

@description('Compute SKU, for example Standard_B1ms (Burstable) or Standard_D2ds_v5 (GeneralPurpose).')
param skuName string

@description('Compute tier matching skuName.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param skuTier string

@description('Storage size in GiB.')
param storageSizeGB int

@description('Name of the Key Vault that receives the connection string.')
param keyVaultName string

@description('Name of the bot\'s managed identity (its PostgreSQL role name for Entra authentication).')
param identityName string

@description('Principal ID of the bot\'s managed identity.')
param principalId string

module dnsZone 'private-dns-zone.bicep' = {
  name: 'dns-postgres'
  params: {
    name: 'privatelink.postgres.database.azure.com'
    virtualNetworkId: virtualNetworkId
    tags: tags
  }
}

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: '16'
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Enabled'
      tenantId: tenant().tenantId
    }
    network: {
      delegatedSubnetResourceId: delegatedSubnetId
      privateDnsZoneArmResourceId: dnsZone.outputs.id
      publicNetworkAccess: 'Disabled'
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 14
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: { mode: 'Disabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

resource entraAdmin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: server
  name: principalId
  dependsOn: [database]
  properties: {
    principalName: identityName
    principalType: 'ServicePrincipal'
    tenantId: tenant().tenantId
  }
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource connectionString 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'storage-connection-string'
  properties: {
    contentType: 'Npgsql connection string'
    value: 'Host=${server.properties.fullyQualifiedDomainName};Database=${databaseName};Username=${administratorLogin};Password=${administratorPassword};Ssl Mode=VerifyFull'
  }
}

@description('Fully qualified domain name of the server (resolves to a private address inside the VNet).')
output fqdn string = server.properties.fullyQualifiedDomainName

@description('Versioned URI of the Key Vault secret holding the connection string.')
output connectionStringSecretUri string = connectionString.properties.secretUriWithVersion
