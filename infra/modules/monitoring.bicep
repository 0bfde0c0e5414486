// Log Analytics workspace + workspace-based Application Insights.
// The app exports OpenTelemetry traces, metrics and logs here through the Azure Monitor distro when the web app
// has APPLICATIONINSIGHTS_CONNECTION_STRING (main.bicep sets it); never message text
// (see docs/admin-guide.md, "Where data flows and where it is stored" and "Telemetry").

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Azure region.')
param location string

@description('Tags applied to the monitoring resources.')
param tags object

@description('Days to keep logs in the workspace.')
@minValue(30)
@maxValue(730)
param retentionInDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
    features: { enableLogAccessUsingOnlyResourcePermissions: true }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    RetentionInDays: retentionInDays
  }
}

@description('Resource ID of the Log Analytics workspace.')
output logAnalyticsWorkspaceId string = workspace.id

@description('Name of the Application Insights component.')
output applicationInsightsName string = appInsights.name

@description('Application Insights connection string (an ingestion address and key, not a secret that grants read access).')
output applicationInsightsConnectionString string = appInsights.properties.ConnectionString
