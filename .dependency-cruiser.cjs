/**
 * Module boundaries, checked by `npm run lint` (dependency-cruiser): no import cycles, type-only
 * imports included (a cycle means two modules that are one, or an adapter that reaches up into a
 * stage); adapters never import stages; nothing in src/ imports the sandbox or the tests.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      from: {},
      to: { circular: true }
    },
    {
      name: 'adapters-below-stages',
      comment: 'src/github and src/sigstore serve the stages; they never import one.',
      severity: 'error',
      from: { path: '^src/(github|sigstore)/' },
      to: { path: '^src/(plan|sign|verify|publish|report)/' }
    },
    {
      name: 'src-stands-alone',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(sandbox|__tests__|scripts)/' }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|build)/' },
    // Type-only imports count: a cycle through types is still a cycle in the design.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] }
  }
}
