// The dashboard on the local platform: its routes, the live figures behind /reports/metrics, the build.
export { dashboardRoutes, type DashboardRoutesOptions } from './dashboardRoutes.js'
export { LocalPlatformMetrics, type MetricsSource } from './LocalPlatformMetrics.js'
export { buildDashboard, writeDashboard, DASHBOARD_SOURCE, type DashboardAsset, type DashboardBuildOptions } from './buildDashboard.js'
