// Bundles the action (src/index.ts -> OUT/index.js) and the CLI (src/cli/index.ts -> OUT/cli/index.js)
// with ncc. Usage: node scripts/build.mjs [OUT] (default dist). OUT is emptied first, so no stale
// chunk survives a rebuild.
import { execFileSync } from 'node:child_process'
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const out = resolve(process.argv[2] ?? 'dist')
const ncc = resolve('node_modules/.bin/ncc')
rmSync(out, { recursive: true, force: true })
const build = (entry, dir) =>
  execFileSync(
    ncc,
    [
      'build',
      entry,
      '-o',
      dir,
      '--source-map',
      '--no-source-map-register',
      '--license',
      'licenses.txt',
      '--quiet'
    ],
    {
      stdio: 'inherit'
    }
  )
build('src/index.ts', out)
build('src/cli/index.ts', join(out, 'cli'))

// The verify CLI is published to npm as `sign-release` straight from OUT/cli: one self-contained
// bundle, no dependencies, so a downloader installs nothing else (`npm pack OUT/cli`).
const root = JSON.parse(readFileSync('package.json', 'utf8'))
const cliPackage = {
  name: 'sign-release',
  version: root.version,
  description:
    'Verify GitHub releases signed with Sigstore by sign-release: every asset against its bundle, the SLSA provenance and the signed checksums file.',
  license: root.license,
  type: 'module',
  bin: { 'sign-release': 'index.js' },
  files: ['index.js', 'licenses.txt'],
  engines: { node: '>=22.22.2' },
  repository: { type: 'git', url: 'git+https://github.com/sign-release/sign-release.git' },
  keywords: ['sigstore', 'verify', 'github-release', 'slsa', 'provenance', 'cosign']
}
writeFileSync(join(out, 'cli', 'package.json'), JSON.stringify(cliPackage, null, 2) + '\n')
copyFileSync('LICENSE', join(out, 'cli', 'LICENSE'))
copyFileSync('src/cli/README.md', join(out, 'cli', 'README.md'))
