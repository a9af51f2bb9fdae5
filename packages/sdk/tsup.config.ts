import { defineConfig } from 'tsup'
import { pureWorkspaceSources } from './scripts/pure-workspace-sources'

/**
 * The published build (`pnpm --filter @tokenledger/sdk build`): ESM + CommonJS with their own
 * declarations. The workspace runs the sources directly (see `exports` in package.json); only the
 * packed tarball points at dist/ (`publishConfig.exports`).
 *
 * One line per entry point: a new subpath is an entry here plus its block in
 * `publishConfig.exports` (e.g. `'ai-sdk': 'src/ai-sdk/index.ts'` → `./ai-sdk`).
 */
export const entry = {
  index: 'src/index.ts',
  openai: 'src/openai.ts',
  anthropic: 'src/anthropic.ts',
  'ai-sdk': 'src/ai-sdk/index.ts',
}

/** Private workspace packages the SDK is built from: bundled in, code and types, never depended on. */
const bundled = [/^@tokenledger\//]

export default defineConfig({
  entry,
  format: ['esm', 'cjs'],
  target: 'node20',
  platform: 'neutral',
  outDir: 'dist',
  clean: true,
  // Shared chunks in both formats: `wrapOpenAI` from ./openai must see the same `Tokenledger`
  // class as the main entry, or its `instanceof` check fails in CommonJS too.
  splitting: true,
  treeshake: true,
  sourcemap: false,
  noExternal: bundled,
  esbuildPlugins: [pureWorkspaceSources],
  // Dependencies and peers (`@trpc/*`, `zod`, `openai`, `@anthropic-ai/sdk`, `ai`) stay imports.
  // Their types are inlined too: `paths` sends rollup-plugin-dts to their sources (a package
  // resolved through node_modules would stay an import of a package the consumer does not have).
  dts: {
    resolve: bundled,
    compilerOptions: { paths: { '@tokenledger/*': ['../*/src/index.ts'] } },
  },
  tsconfig: 'tsconfig.build.json',
})
