// The user-assigned managed identity the bot runs as. It is at once:
//  - the bot's Microsoft App ID (Azure Bot with msaAppType UserAssignedMSI: no client secret exists anywhere),
//  - the identity the web app uses for Azure OpenAI, Key Vault references and (optionally) Microsoft Graph.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource ID of the identity.')
output id string = identity.id

@description('Name of the identity.')
output name string = identity.name

@description('Client (application) ID of the identity: the bot ID.')
output clientId string = identity.properties.clientId

@description('Object (principal) ID of the identity, used for role assignments.')
output principalId string = identity.properties.principalId

@description('Tenant of the identity.')
output tenantId string = identity.properties.tenantId
