// Key Vault for the bot's secrets (today: the PostgreSQL connection string when PostgreSQL is used; an API key
// if an admin switches to an OpenAI-compatible endpoint that needs one).
//  - Azure RBAC only (no access policies), purge protection, 90 days soft delete,
//  - no public network access; reachable through a private endpoint in the bot's VNet,
//  - "Key Vault Secrets User" (read secret values) for the bot's managed identity, which the web app uses to
//    resolve @Microsoft.KeyVault(...) app setting references.

@description('Name of the key vault.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the vault.')
param tags object

@description('Principal ID of the bot\'s managed identity.')
param principalId string

@description('Resource ID of the subnet for the private endpoint.')
param privateEndpointSubnetId string

@description('Resource ID of the virtual network to link the private DNS zone to.')
param virtualNetworkId string

@description('Resource ID of the Log Analytics workspace for audit logs.')
param logAnalyticsWorkspaceId string

// Built-in role "Key Vault Secrets User": read secret contents.
var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
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
    enablePurgeProtection: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'None'
      ipRules: []
      virtualNetworkRules: []
    }
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, secretsUserRoleId)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      { categoryGroup: 'audit', enabled: true }
    ]
  }
}

module dnsZone 'private-dns-zone.bicep' = {
  name: 'dns-keyvault'
  params: {
    name: 'privatelink.vaultcore.azure.net'
    virtualNetworkId: virtualNetworkId
    tags: tags
  }
}

module endpoint 'private-endpoint.bicep' = {
  name: 'pe-keyvault'
  params: {
    name: 'pe-${name}'
    location: location
    tags: tags
    subnetId: privateEndpointSubnetId
    targetResourceId: vault.id
    groupId: 'vault'
    privateDnsZoneId: dnsZone.outputs.id
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('URI of the vault.')
output uri string = vault.properties.vaultUri
