import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const srcDir = fileURLToPath(new URL('../src', import.meta.url))

/** The packages a module loads at run time: its imports and re-exports, except `import type`. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/g)]
    .filter((m) => !m[1])
    .map((m) => m[2] as string)
}

/** Every package reached from `entry` through relative imports, with the module that loads it. */
function reachablePackages(entry: string): Map<string, string> {
  const seen = new Set<string>()
  const packages = new Map<string, string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const specifier of runtimeImports(file)) {
      if (!specifier.startsWith('.')) {
        packages.set(specifier, relative(srcDir, file))
        continue
      }
      const base = join(dirname(file), specifier)
      const next = [`${base}.ts`, join(base, 'index.ts')].find(existsSync)
      if (next) visit(next)
    }
  }
  visit(entry)
  return packages
}

describe('the AI SDK integration', () => {
  it('is not loaded by the package root: importing the client never loads `ai`', () => {
    const fromRoot = reachablePackages(join(srcDir, 'index.ts'))
    expect([...fromRoot.keys()].filter((p) => p === 'ai' || p.startsWith('ai/'))).toEqual([])
    // The walk does see the root's runtime packages (so an `ai` among them would show).
    expect(fromRoot.has('@trpc/client')).toBe(true)
  })
})
