// TeamsBot: a private assistant for Microsoft Teams, answered by the company's own Azure OpenAI deployment.
//
// Deploys into one resource group (azd up, the Microsoft 365 Agents Toolkit, or by hand with
// `az deployment group create`; see docs/admin-guide.md):
//   identity    user-assigned managed identity = the bot's Microsoft App ID (no password anywhere)
//   network     VNet: web app integration subnet, private endpoint subnet, optional PostgreSQL subnet
//   monitoring  Log Analytics + Application Insights
//   openai      Azure OpenAI (no public access, no keys) + model deployment + private endpoint
//   keyvault    Key Vault (RBAC, purge protection, private endpoint)
//   postgres    optional PostgreSQL flexible server with private access (usePostgres)
//   web         App Service plan + Linux web app (.NET 10), VNet integrated
//   bot         Azure Bot (UserAssignedMSI) with the Microsoft Teams channel
//
// App settings use the app's configuration keys exactly ("Section__Key" for "Section:Key").
// tests/TeamsBot.Tests/Infra checks every name below against the app's options classes.

targetScope = 'resourceGroup'

@description('Name of the environment (for example dev, prod). Part of resource names and tags.')
@minLength(1)
@maxLength(32)
param environmentName string

@description('Region for all resources except the bot registration and, optionally, Azure OpenAI.')
param location string = resourceGroup().location

@description('Region of the Azure OpenAI account. Defaults to location; choose a region where the model is available.')
param openAiLocation string = location

@description('Bot Service region: global, or westeurope / centralindia for regional data processing.')
@allowed([
  'global'
  'westeurope'
  'centralindia'
])
param botRegion string = 'global'

@description('Bot display name (shown in the Azure portal; the name users see in Teams comes from the app manifest).')
param botDisplayName string = 'TeamsBot'

@description('Bot Service SKU.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('App Service plan SKU (B1 or higher: VNet integration and Always On).')
param appServicePlanSku string = 'P0v3'

@description('Number of web app instances. Keep 1 with SQLite; set usePostgres to scale out.')
@minValue(1)
param appServiceInstanceCount int = 1

@description('Name of the model deployment the app calls.')
param openAiDeploymentName string = 'chat'

@description('Model name.')
param openAiModelName string = 'gpt-4o'

@description('Model version.')
param openAiModelVersion string = '2024-11-20'

@description('Deployment type: Standard keeps processing in the account\'s region, DataZoneStandard in the EU/US data zone, GlobalStandard in any Azure region.')
@allowed([
  'Standard'
  'DataZoneStandard'
  'GlobalStandard'
  'ProvisionedManaged'
])
param openAiDeploymentSku string = 'Standard'

@description('Deployment capacity (thousands of tokens per minute for Standard types).')
@minValue(1)
param openAiCapacity int = 30

@description('Store conversations in Azure Database for PostgreSQL instead of SQLite on the app\'s /home share.')
param usePostgres bool = false

@description('PostgreSQL administrator login (used in the connection string kept in Key Vault).')
param postgresAdministratorLogin string = 'teamsbot'

@description('PostgreSQL administrator password. Leave the default: a new random value is generated at each deployment, stored only in Key Vault, and the app picks it up through a versioned Key Vault reference.')
@secure()
param postgresAdministratorPassword string = newGuid()

@description('PostgreSQL compute SKU.')
param postgresSkuName string = 'Standard_B1ms'

@description('PostgreSQL compute tier matching postgresSkuName.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'Burstable'

@description('PostgreSQL storage size in GiB.')
param postgresStorageSizeGB int = 32

@description('Address space of the virtual network.')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Subnet for the web app\'s VNet integration.')
param appSubnetPrefix string = '10.40.0.0/26'

@description('Subnet for private endpoints.')
param privateEndpointSubnetPrefix string = '10.40.1.0/27'

@description('Subnet delegated to PostgreSQL (only used when usePostgres is true).')
param postgresSubnetPrefix string = '10.40.2.0/28'

@description('Days to keep logs in Log Analytics.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 90

@description('Write message text into audit records (Audit__IncludeContent). Off by default: audit records hold who, when, which policy decision, token counts.')
param auditIncludeContent bool = false

@description('Extra tags applied to every resource.')
param tags object = {}

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var allTags = union(tags, {
  'azd-env-name': environmentName
  workload: 'teamsbot'
})

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-teamsbot-${resourceToken}'
    location: location
    tags: allTags
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    name: 'vnet-teamsbot-${resourceToken}'
    location: location
    tags: allTags
    addressPrefix: vnetAddressPrefix
    appSubnetPrefix: appSubnetPrefix
    privateEndpointSubnetPrefix: privateEndpointSubnetPrefix
    postgresSubnetPrefix: postgresSubnetPrefix
    usePostgres: usePostgres
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-teamsbot-${resourceToken}'
    applicationInsightsName: 'appi-teamsbot-${resourceToken}'
    location: location
    tags: allTags
    retentionInDays: logRetentionInDays
  }
}

module openAi 'modules/openai.bicep' = {
  name: 'openai'
  params: {
    name: 'oai-teamsbot-${resourceToken}'
    location: openAiLocation
    networkLocation: location
    tags: allTags
    customSubDomainName: 'oai-teamsbot-${resourceToken}'
    deploymentName: openAiDeploymentName
    modelName: openAiModelName
    modelVersion: openAiModelVersion
    deploymentSkuName: openAiDeploymentSku
    deploymentCapacity: openAiCapacity
    principalId: identity.outputs.principalId
    privateEndpointSubnetId: network.outputs.privateEndpointSubnetId
    virtualNetworkId: network.outputs.id
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: allTags
    principalId: identity.outputs.principalId
    privateEndpointSubnetId: network.outputs.privateEndpointSubnetId
    virtualNetworkId: network.outputs.id
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module postgres 'modules/postgres.bicep' = if (usePostgres) {
  name: 'postgres'
  params: {
    name: 'psql-teamsbot-${resourceToken}'
    location: location
    tags: allTags
    delegatedSubnetId: network.outputs.postgresSubnetId
    virtualNetworkId: network.outputs.id
    administratorLogin: postgresAdministratorLogin
    administratorPassword: postgresAdministratorPassword
    databaseName: 'teamsbot'
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
    keyVaultName: keyVault.outputs.name
    identityName: identity.outputs.name
    principalId: identity.outputs.principalId
  }
}

// The app's configuration. Names are the app's configuration keys with "__" for ":"; platform settings
// (APPLICATIONINSIGHTS_CONNECTION_STRING, ASPNETCORE_ENVIRONMENT, SCM_DO_BUILD_DURING_DEPLOYMENT)
// are on the allow-list in tests/TeamsBot.Tests/Infra. Secrets never appear here in clear text: the only secret
// (the PostgreSQL connection string) is a Key Vault reference resolved by App Service with the bot's identity.
var appSettings = [
  // Bot Framework: the bot authenticates as its user-assigned managed identity; there is no MicrosoftAppPassword.
  { name: 'MicrosoftAppType', value: 'UserAssignedMsi' }
  { name: 'MicrosoftAppId', value: identity.outputs.clientId }
  { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
  // Azure OpenAI and Microsoft Graph are called with exactly this identity (Azure:Credential defaults to
  // ManagedIdentity; nothing falls back to developer tools).
  { name: 'Azure__ManagedIdentityClientId', value: identity.outputs.clientId }
  // Model: Azure OpenAI through its private endpoint; no ApiKey, so the app uses the managed identity.
  { name: 'Model__Provider', value: 'AzureOpenAI' }
  { name: 'Model__Endpoint', value: openAi.outputs.endpoint }
  { name: 'Model__Deployment', value: openAi.outputs.deploymentName }
  // Storage: SQLite on the persistent /home share (one instance), or PostgreSQL via a Key Vault reference.
  { name: 'Storage__Provider', value: usePostgres ? 'Postgres' : 'Sqlite' }
  {
    name: 'Storage__ConnectionString'
    value: usePostgres
      ? '@Microsoft.KeyVault(SecretUri=${postgres!.outputs.connectionStringSecretUri})'
      : 'Data Source=/home/teamsbot.db'
  }
  // Policy: only users of this tenant may talk to the bot (further policy keys: docs/admin-guide.md).
  { name: 'Policy__AllowedTenants__0', value: tenant().tenantId }
  // Microsoft Graph (group membership for Policy:AllowedGroups): the home tenant, called with the managed identity,
  // which needs the GroupMember.Read.All application permission (docs/admin-guide.md, 3.4).
  { name: 'Graph__TenantId', value: tenant().tenantId }
  // Audit: metadata only unless the admin decides otherwise.
  { name: 'Audit__IncludeContent', value: auditIncludeContent ? 'true' : 'false' }
  // Platform settings (not app options).
  // Turns on the app's Azure Monitor exporter (src/TeamsBot/Telemetry); without it nothing is exported.
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: monitoring.outputs.applicationInsightsConnectionString }
  { name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }
  { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
]

module web 'modules/web.bicep' = {
  name: 'web'
  params: {
    planName: 'plan-teamsbot-${resourceToken}'
    name: 'app-teamsbot-${resourceToken}'
    location: location
    tags: allTags
    serviceName: 'teamsbot'
    skuName: appServicePlanSku
    instanceCount: appServiceInstanceCount
    identityId: identity.outputs.id
    subnetId: network.outputs.appSubnetId
    appSettings: appSettings
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: 'bot-teamsbot-${resourceToken}'
    displayName: botDisplayName
    location: botRegion
    tags: allTags
    sku: botSku
    endpoint: 'https://${web.outputs.defaultHostName}/api/messages'
    msaAppId: identity.outputs.clientId
    msaAppMsiResourceId: identity.outputs.id
    msaAppTenantId: identity.outputs.tenantId
  }
}

// Outputs in UPPER_SNAKE_CASE: azd writes them to .azure/<env>/.env and the Agents Toolkit to env/.env.<env>,
// where the app package tool (appPackage/package.cs) reads BOT_ID and BOT_DOMAIN.
@description('Tenant the bot lives in.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Region of the deployment.')
output AZURE_LOCATION string = location

@description('Bot ID (client ID of the managed identity): the manifest\'s bots[0].botId.')
output BOT_ID string = identity.outputs.clientId

@description('Host name of the bot\'s web app: the manifest\'s validDomains.')
output BOT_DOMAIN string = web.outputs.defaultHostName

@description('Messaging endpoint registered on the Azure Bot.')
output BOT_ENDPOINT string = 'https://${web.outputs.defaultHostName}/api/messages'

@description('Resource ID of the web app (the Agents Toolkit deploys to it).')
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web.outputs.id

@description('Name of the web app.')
output AZURE_WEB_APP_NAME string = web.outputs.name

@description('Name of the Azure Bot resource.')
output AZURE_BOT_NAME string = bot.outputs.name

@description('Principal (object) ID of the bot\'s managed identity, for Microsoft Graph app role grants.')
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId

@description('Name of the Azure OpenAI account.')
output AZURE_OPENAI_ACCOUNT_NAME string = openAi.outputs.name

@description('Endpoint of the Azure OpenAI account (private: resolves to a private address only inside the VNet).')
output AZURE_OPENAI_ENDPOINT string = openAi.outputs.endpoint

@description('Name of the Key Vault.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('Name of the Application Insights component.')
output AZURE_APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
