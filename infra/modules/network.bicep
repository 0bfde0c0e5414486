// The virtual network the bot lives in. Three subnets:
//  - app: outbound VNet integration of the web app (delegated to Microsoft.Web/serverFarms),
//  - private-endpoints: private endpoints of Azure OpenAI and Key Vault,
//  - postgres: delegated to PostgreSQL flexible server (created only when PostgreSQL is used).

@description('Name of the virtual network.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the network resources.')
param tags object

@description('Address space of the virtual network.')
param addressPrefix string

@description('Address prefix of the subnet used by the web app\'s VNet integration (at least /27; /26 recommended).')
param appSubnetPrefix string

@description('Address prefix of the subnet holding the private endpoints.')
param privateEndpointSubnetPrefix string

@description('Address prefix of the subnet delegated to PostgreSQL flexible server.')
param postgresSubnetPrefix string

@description('Create the PostgreSQL subnet.')
param usePostgres bool

var appSubnet = {
  name: 'snet-app'
  properties: {
    addressPrefix: appSubnetPrefix
    networkSecurityGroup: { id: nsg.id }
    delegations: [
      {
        name: 'web-server-farms'
        properties: { serviceName: 'Microsoft.Web/serverFarms' }
      }
    ]
  }
}

var privateEndpointSubnet = {
  name: 'snet-private-endpoints'
  properties: {
    addressPrefix: privateEndpointSubnetPrefix
    networkSecurityGroup: { id: nsg.id }
    privateEndpointNetworkPolicies: 'Enabled'
  }
}

var postgresSubnet = {
  name: 'snet-postgres'
  properties: {
    addressPrefix: postgresSubnetPrefix
    networkSecurityGroup: { id: nsg.id }
    delegations: [
      {
        name: 'postgres-flexible-servers'
        properties: { serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers' }
      }
    ]
  }
}

// One NSG for all subnets: inbound only from inside the virtual network (the platform's default rules already
// allow VNet-to-VNet and deny Internet inbound; nothing else is opened). It exists so that security teams can add
// their own rules and flow logs without redeploying the subnets.
resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: 'nsg-${name}'
  location: location
  tags: tags
  properties: {
    securityRules: []
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [addressPrefix] }
    subnets: usePostgres ? [appSubnet, privateEndpointSubnet, postgresSubnet] : [appSubnet, privateEndpointSubnet]
  }
}

@description('Resource ID of the virtual network.')
output id string = vnet.id

@description('Name of the virtual network.')
output name string = vnet.name

@description('Resource ID of the web app integration subnet.')
output appSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, appSubnet.name)

@description('Resource ID of the private endpoint subnet.')
output privateEndpointSubnetId string = resourceId(
  'Microsoft.Network/virtualNetworks/subnets',
  vnet.name,
  privateEndpointSubnet.name
)

@description('Resource ID of the PostgreSQL subnet (empty when PostgreSQL is not used).')
output postgresSubnetId string = usePostgres
  ? resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, postgresSubnet.name)
  : ''
