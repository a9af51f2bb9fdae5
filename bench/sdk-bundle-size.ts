// What each entry point of @tokenledger/sdk costs an app's bundle: esbuild, minified, ESM, browser
// platform. Two columns per entry:
//   - "app bundle": the entry with its runtime dependencies (@trpc/client, what the SDK bundles
//     from the domain and the contract) and the provider SDKs external, as when the app already
//     has `openai` / `@anthropic-ai/sdk` for its own calls;
//   - "+ provider SDKs": the same with openai and @anthropic-ai/sdk bundled in too.
// Only what loads when the entry is imported counts: chunks reached through a dynamic import (the
// builder creating a provider client on first use) are listed apart.
// Run from the repo root: node --import tsx bench/sdk-bundle-size.ts
import { resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'
import { pureWorkspaceSources } from '../packages/sdk/scripts/pure-workspace-sources'
import { printTable } from './support/stats'

const sdkSrc = new URL('../packages/sdk/src/', import.meta.url)
const entries = {
  '@tokenledger/sdk': 'index.ts',
  '@tokenledger/sdk/openai': 'openai.ts',
  '@tokenledger/sdk/anthropic': 'anthropic.ts',
  '@tokenledger/sdk/ai-sdk': 'ai-sdk/index.ts',
}
const providers = ['openai', '@anthropic-ai/sdk', 'ai']

interface Size {
  bytes: number
  gzip: number
  lazyBytes: number
}

/** The entry's output plus every chunk it imports statically; dynamic-import chunks counted apart. */
function loadedAtImport(metafile: Metafile, outputs: Map<string, Uint8Array>): Size {
  const entryOutput = Object.keys(metafile.outputs).find((path) => metafile.outputs[path]?.entryPoint)
  if (!entryOutput) throw new Error('esbuild produced no entry output')
  const eager = new Set<string>()
  const visit = (path: string) => {
    if (eager.has(path)) return
    eager.add(path)
    for (const i of metafile.outputs[path]?.imports ?? [])
      if (!i.external && i.kind === 'import-statement') visit(i.path)
  }
  visit(entryOutput)
  const size = (paths: string[]) => paths.reduce((n, p) => n + (outputs.get(p)?.byteLength ?? 0), 0)
  const eagerCode = Buffer.concat([...eager].map((p) => outputs.get(p) ?? new Uint8Array()))
  const lazy = Object.keys(metafile.outputs).filter((p) => !eager.has(p) && p.endsWith('.js'))
  return { bytes: size([...eager]), gzip: gzipSync(eagerCode).byteLength, lazyBytes: size(lazy) }
}

async function measure(file: string, bundleProviders: boolean): Promise<Size> {
  const result = await build({
    entryPoints: [new URL(file, sdkSrc).pathname],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    splitting: true,
    outdir: resolve('.bundle-size'), // never written (write: false)
    write: false,
    metafile: true,
    logLevel: 'error',
    // Node built-ins resolve before tree shaking drops the unused domain modules that import them;
    // test/main-entry-bundle.test.ts asserts none is left in the output.
    external: ['node:*', ...(bundleProviders ? ['ai'] : providers)],
    plugins: [pureWorkspaceSources],
  })
  // metafile paths are relative to the working directory; outputFiles paths are absolute.
  const files = new Map(result.outputFiles.map((f) => [f.path, f.contents]))
  const outputs = new Map(
    Object.keys(result.metafile.outputs).map((p) => [p, files.get(resolve(p)) ?? new Uint8Array()]),
  )
  return loadedAtImport(result.metafile, outputs)
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const rows: string[][] = []
for (const [name, file] of Object.entries(entries)) {
  const alone = await measure(file, false)
  const withProviders = await measure(file, true)
  rows.push([
    name,
    `${kb(alone.bytes)} (${kb(alone.gzip)} gz)`,
    `${kb(withProviders.bytes)} (${kb(withProviders.gzip)} gz)`,
    withProviders.lazyBytes ? kb(withProviders.lazyBytes) : '-',
  ])
}
printTable(['entry', 'app bundle, min', '+ provider SDKs, min', 'lazy chunks (+ providers)'], rows)
