// A private endpoint for one Azure resource, registered in a private DNS zone.

@description('Name of the private endpoint.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the private endpoint.')
param tags object

@description('Resource ID of the subnet that holds the endpoint.')
param subnetId string

@description('Resource ID of the target resource.')
param targetResourceId string

@description('Sub-resource (group) of the target, for example "account" for Azure OpenAI or "vault" for Key Vault.')
param groupId string

@description('Resource ID of the private DNS zone the endpoint registers in.')
param privateDnsZoneId string

resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: { id: subnetId }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: targetResourceId
          groupIds: [groupId]
        }
      }
    ]
  }
}

resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: replace(last(split(privateDnsZoneId, '/')), '.', '-')
        properties: { privateDnsZoneId: privateDnsZoneId }
      }
    ]
  }
}

@description('Resource ID of the private endpoint.')
output id string = endpoint.id
