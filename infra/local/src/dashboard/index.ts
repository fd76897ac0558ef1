// The dashboard on the local platform: its routes, the live figures behind /reports/metrics, the build,
// and the SQL page's live queries.
export { dashboardRoutes, type DashboardRoutesOptions } from './dashboardRoutes.js'
export { LocalPlatformMetrics, type MetricsSource } from './LocalPlatformMetrics.js'
export { buildDashboard, writeDashboard, DASHBOARD_SOURCE, type DashboardAsset, type DashboardBuildOptions } from './buildDashboard.js'
export { sqlRoutes } from './sql/sqlRoutes.js'
export { LiveQueries, type LiveQueriesOptions } from './sql/LiveQueries.js'
export { readLiveQueryRequest, resultColumns, MAX_QUERY_LENGTH, type LiveQueryRequest, type ResultColumn } from './sql/liveQueryRequest.js'
export { SQL_EXAMPLES, type SqlExample } from './sql/sqlExamples.js'
