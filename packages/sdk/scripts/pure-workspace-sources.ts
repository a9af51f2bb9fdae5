import type { Plugin } from 'esbuild'

/**
 * The bundled workspace packages are pure (domain: "no I/O"; contract: schemas and limits), but
 * their package.json files do not say `sideEffects: false`, so esbuild would keep every module
 * their index re-exports (the whole redaction engine, the price catalog, node:crypto for
 * passwords). Marking their modules side-effect free keeps only what the SDK uses.
 */
export const pureWorkspaceSources: Plugin = {
  name: 'pure-workspace-sources',
  setup(build) {
    const inWorkspacePackage = /[\\/]packages[\\/](domain|contract)[\\/]src[\\/]/
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined
      const fromWorkspace = args.path.startsWith('@tokenledger/') || inWorkspacePackage.test(args.importer)
      if (!fromWorkspace || args.kind === 'entry-point') return undefined
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      })
      if (resolved.errors.length > 0 || resolved.external) return undefined
      return inWorkspacePackage.test(resolved.path) ? { ...resolved, sideEffects: false } : undefined
    })
  },
}
