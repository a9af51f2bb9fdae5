export { DEMO_ORGANIZATIONS } from './demo-catalog'
export { ADMIN_EMAIL, isSeeded, type SeedOptions, type SeedResult, seedDemoData } from './seed-demo-data'
