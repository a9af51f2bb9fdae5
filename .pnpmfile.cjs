// pnpm hooks for this workspace.
module.exports = {
  hooks: {
    // A packed package (only @tokenledger/sdk is published) ships without what only builds it:
    // its devDependencies name private workspace packages, and its scripts run workspace tools.
    beforePacking(pkg) {
      delete pkg.devDependencies
      delete pkg.scripts
      return pkg
    },
  },
}
