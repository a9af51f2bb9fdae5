// Plain JS: vitest loads workspace packages referenced from a config without transpiling them.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const reportsDir = fileURLToPath(new URL('../../.reports/', import.meta.url))

/**
 * The one vitest config every package uses: a JSON report per package under `.reports/`, read by
 * `pnpm test` to print the closing `N passed, N failed` line.
 *
 * @param {string} name
 * @param {{ globalSetup?: string[], serial?: boolean, testTimeout?: number, include?: string[] }} [options]
 *   globalSetup: e.g. the throwaway database of `@tokenledger/db`; serial: run test files one after
 *   another (database tests share one database per package run).
 */
export function defineProject(name, options = {}) {
  return defineConfig({
    test: {
      name,
      include: options.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      reporters: ['default', 'json'],
      outputFile: { json: `${reportsDir}${name}.json` },
      testTimeout: options.testTimeout ?? 20_000,
      hookTimeout: 120_000,
      globalSetup: options.globalSetup ?? [],
      fileParallelism: !options.serial,
      // No test reaches the internet for prices or changes the catalog, unless it sets its own URL.
      env: { TOKENLEDGER_PRICES_URL: 'off' },
    },
  })
}
