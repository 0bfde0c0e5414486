// A private DNS zone linked to the bot's virtual network, so that names like <account>.openai.azure.com resolve
// to the private endpoint's address from inside the network.

@description('Zone name, for example privatelink.openai.azure.com.')
param name string

@description('Resource ID of the virtual network to link.')
param virtualNetworkId string

@description('Tags applied to the zone.')
param tags object

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: name
  location: 'global'
  tags: tags
}

resource link 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: zone
  name: 'link-${uniqueString(virtualNetworkId)}'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: virtualNetworkId }
  }
}

@description('Resource ID of the zone.')
output id string = zone.id

@description('Name of the zone.')
output name string = zone.name
