// App Service plan + Linux web app running the bot on .NET 10.
//  - HTTPS only, TLS 1.2 minimum, FTP(S) off, basic-auth publishing (FTP and SCM) off: deployments use Entra ID,
//  - outbound traffic goes through the VNet (regional VNet integration, route all), so Azure OpenAI, Key Vault
//    and PostgreSQL are reached on their private endpoints,
//  - inbound stays public: Azure Bot Service must reach POST /api/messages, and every request there carries a
//    Bot Framework JWT that the app validates,
//  - the bot's user-assigned managed identity is attached and used for Key Vault references,
//  - App Service health check on GET /healthz.

@description('Name of the App Service plan.')
param planName string

@description('Name of the web app.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the plan and the app.')
param tags object

@description('azd service name, written as the azd-service-name tag so that `azd deploy` finds the app.')
param serviceName string

@description('App Service plan SKU. Basic (B1) or higher is required for VNet integration and Always On.')
param skuName string

@description('Number of instances. Keep 1 with SQLite storage; use PostgreSQL to scale out.')
@minValue(1)
param instanceCount int

@description('Resource ID of the bot\'s user-assigned managed identity.')
param identityId string

@description('Resource ID of the subnet delegated to Microsoft.Web/serverFarms.')
param subnetId string

@description('App settings: the app\'s configuration keys (see infra/main.bicep).')
param appSettings array

@description('Resource ID of the Log Analytics workspace for platform logs.')
param logAnalyticsWorkspaceId string

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: subnetId
    vnetRouteAllEnabled: true
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      http20Enabled: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      remoteDebuggingEnabled: false
      vnetRouteAllEnabled: true
      healthCheckPath: '/healthz'
      appSettings: appSettings
    }
  }
}

resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// HTTP access logs (method, path, status, duration, client IP; never request bodies) and platform events.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

@description('Resource ID of the web app.')
output id string = site.id

@description('Name of the web app.')
output name string = site.name

@description('Default host name of the web app, for example app-xyz.azurewebsites.net.')
output defaultHostName string = site.properties.defaultHostName
