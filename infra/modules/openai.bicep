// Azure OpenAI reachable only from the bot's virtual network:
//  - public network access disabled, network ACL default Deny,
//  - API keys disabled (disableLocalAuth): the only way in is Microsoft Entra ID,
//  - private endpoint + privatelink.openai.azure.com zone linked to the VNet,
//  - "Cognitive Services OpenAI User" for the bot's managed identity (inference only, no management rights).

@description('Name of the Azure OpenAI account.')
param name string

@description('Azure region of the account (the model must be available there).')
param location string

@description('Tags applied to the account.')
param tags object

@description('Custom subdomain: the endpoint becomes https://<customSubDomainName>.openai.azure.com/.')
param customSubDomainName string

@description('Name of the model deployment the app calls (Model__Deployment).')
param deploymentName string

@description('Model name, for example gpt-4o.')
param modelName string

@description('Model version, for example 2024-11-20.')
param modelVersion string

@description('Deployment type. Standard keeps processing in the account\'s region; DataZoneStandard within the data zone (EU or US); GlobalStandard may process in any Azure region.')
@allowed([
  'Standard'
  'DataZoneStandard'
  'GlobalStandard'
  'ProvisionedManaged'
])
param deploymentSkuName string

@description('Capacity of the deployment (thousands of tokens per minute for Standard types, PTUs for provisioned).')
@minValue(1)
param deploymentCapacity int

@description('Principal ID of the bot\'s managed identity.')
param principalId string

@description('Region of the virtual network (the private endpoint must be in the network\'s region).')
param networkLocation string

@description('Resource ID of the subnet for the private endpoint.')
param privateEndpointSubnetId string

@description('Resource ID of the virtual network to link the private DNS zone to.')
param virtualNetworkId string

@description('Resource ID of the Log Analytics workspace for diagnostic logs.')
param logAnalyticsWorkspaceId string

// Built-in role "Cognitive Services OpenAI User": call inference APIs, no access to keys or management plane.
var openAiUserRoleId = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: customSubDomainName
    publicNetworkAccess: 'Disabled'
    disableLocalAuth: true
    restrictOutboundNetworkAccess: true
    allowedFqdnList: []
    networkAcls: {
      defaultAction: 'Deny'
      ipRules: []
      virtualNetworkRules: []
    }
  }
}

resource deployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: deploymentName
  sku: {
    name: deploymentSkuName
    capacity: deploymentCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: modelName
      version: modelVersion
    }
    versionUpgradeOption: 'NoAutoUpgrade'
    raiPolicyName: 'Microsoft.DefaultV2'
  }
}

resource openAiUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, openAiUserRoleId)
  scope: account
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', openAiUserRoleId)
  }
}

// Audit of who called the account (caller identity, operation, status). Request and response bodies are not part
// of these categories.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      { categoryGroup: 'audit', enabled: true }
    ]
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

module dnsZone 'private-dns-zone.bicep' = {
  name: 'dns-openai'
  params: {
    name: 'privatelink.openai.azure.com'
    virtualNetworkId: virtualNetworkId
    tags: tags
  }
}

module endpoint 'private-endpoint.bicep' = {
  name: 'pe-openai'
  params: {
    name: 'pe-${name}'
    location: networkLocation
    tags: tags
    subnetId: privateEndpointSubnetId
    targetResourceId: account.id
    groupId: 'account'
    privateDnsZoneId: dnsZone.outputs.id
  }
}

@description('Name of the account.')
output name string = account.name

@description('Endpoint of the account (Model__Endpoint).')
output endpoint string = account.properties.endpoint

@description('Name of the model deployment (Model__Deployment).')
output deploymentName string = deployment.name
