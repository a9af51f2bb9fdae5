import { builtinModules } from 'node:module'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import manifest from '../package.json' with { type: 'json' }
import { pureWorkspaceSources } from '../scripts/pure-workspace-sources'

const entry = (name: string) => fileURLToPath(new URL(`../src/${name}.ts`, import.meta.url))
const subpaths = ['openai', 'anthropic', 'ai-sdk/index']
const packages = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]

/** Bundles an entry as the published build does, and lists what it still imports at run time. */
async function runtimeImports(name: string) {
  const result = await build({
    entryPoints: [entry(name)],
    bundle: true,
    write: false,
    outdir: 'out',
    metafile: true,
    format: 'esm',
    // node, so that a Node built-in shows up as an external import instead of failing the build.
    platform: 'node',
    logLevel: 'silent',
    external: packages,
    plugins: [pureWorkspaceSources],
  })
  // The output's imports, after tree shaking (the inputs list every module parsed, used or not).
  return Object.values(result.metafile.outputs).flatMap((output) =>
    output.imports.filter((i) => i.external).map((i) => ({ path: i.path, kind: i.kind })),
  )
}

const isBuiltin = (path: string) =>
  path.startsWith('node:') || builtinModules.includes(path.split('/')[0] ?? '')
const isProviderSdk = (path: string) => /^(openai|@anthropic-ai\/sdk|ai)(\/|$)/.test(path)

describe('the main entry, bundled', () => {
  it('imports no Node built-in, even through the bundled domain and contract', async () => {
    const imports = await runtimeImports('index')
    expect(imports.filter((i) => isBuiltin(i.path))).toEqual([])
  })

  it('loads no provider SDK: only the builder imports one, on first use (dynamic import)', async () => {
    const imports = await runtimeImports('index')
    expect(imports.filter((i) => isProviderSdk(i.path) && i.kind !== 'dynamic-import')).toEqual([])
    expect(new Set(imports.filter((i) => isProviderSdk(i.path)).map((i) => i.path))).toEqual(
      new Set(['openai', '@anthropic-ai/sdk']),
    )
  })

  it('the provider subpaths load no provider SDK either: they patch the client or model the app passes', async () => {
    for (const name of subpaths) {
      const imports = await runtimeImports(name)
      expect(
        imports.filter((i) => isBuiltin(i.path) || (isProviderSdk(i.path) && i.kind !== 'dynamic-import')),
      ).toEqual([])
    }
  })
})

describe('the budget estimate', () => {
  it('loads its tokenizer only on the first estimate (dynamic import), from the provider subpaths only', async () => {
    const isTokenizer = (path: string) => path.startsWith('gpt-tokenizer')
    expect((await runtimeImports('index')).filter((i) => isTokenizer(i.path))).toEqual([])
    for (const name of subpaths) {
      const tokenizer = (await runtimeImports(name)).filter((i) => isTokenizer(i.path))
      expect(tokenizer).toEqual([{ path: 'gpt-tokenizer/encoding/o200k_base', kind: 'dynamic-import' }])
    }
  })
})
