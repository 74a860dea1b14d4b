// The auto-monitoring browser client for Next.js apps: `initAutoMonitoring({ endpoint, app })` from a client
// component's effect (see components/rum/AutoMonitoring.tsx). Importing it has no side effects, so it is safe in a
// server component tree; pages that are not built with a bundler use the script tag instead (script-tag.ts).
export { initAutoMonitoring, type AutoMonitoringOptions } from './auto-monitoring';
