// Azure Bot registration for Teams. The bot's identity is the user-assigned managed identity
// (msaAppType UserAssignedMSI): there is no app password to store, rotate or leak.

@description('Resource name of the bot.')
param name string

@description('Display name of the bot.')
param displayName string

@description('Bot Service region: global, or westeurope / centralindia to keep Bot Service processing in that region.')
@allowed([
  'global'
  'westeurope'
  'centralindia'
])
param location string

@description('Tags applied to the bot.')
param tags object

@description('Bot Service SKU. F0 is enough: the Teams channel is a standard channel with unlimited messages.')
@allowed([
  'F0'
  'S1'
])
param sku string

@description('Messaging endpoint, https://<app host>/api/messages.')
param endpoint string

@description('Client ID of the bot\'s user-assigned managed identity (the Microsoft App ID).')
param msaAppId string

@description('Resource ID of the bot\'s user-assigned managed identity.')
param msaAppMsiResourceId string

@description('Tenant of the managed identity.')
param msaAppTenantId string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: location
  tags: tags
  kind: 'azurebot'
  sku: { name: sku }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppType: 'UserAssignedMSI'
    msaAppId: msaAppId
    msaAppMSIResourceId: msaAppMsiResourceId
    msaAppTenantId: msaAppTenantId
    disableLocalAuth: true
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: location
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
      deploymentEnvironment: 'CommercialDeployment'
    }
  }
}

@description('Resource ID of the bot.')
output id string = bot.id

@description('Name of the bot.')
output name string = bot.name
