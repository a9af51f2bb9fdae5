export { createTenant, type Tenant } from './fixtures'
export { createTestDatabase, type TestDatabase } from './test-database'
