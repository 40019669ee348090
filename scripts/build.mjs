// Bundles the action (src/index.ts -> OUT/index.js) and the CLI (src/cli/index.ts -> OUT/cli/index.js)
// with ncc. Usage: node scripts/build.mjs [OUT] (default dist). OUT is emptied first, so no stale
// chunk survives a rebuild.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
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
