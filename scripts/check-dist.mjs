/**
 * `npm run check-dist`: dist/ must be exactly what `npm run build` makes of the source. Runs the
 * build script twice, `npm run build -- OUT`, into scratch directories beside dist/ (at the same
 * depth, so the source maps' relative paths are the same), the second time with an empty ncc cache,
 * then compares both builds and dist/ byte for byte.
 */
import { spawnSync } from 'node:child_process'
import console from 'node:console'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import process from 'node:process'

const root = join(import.meta.dirname, '..')
const FIX = 'Run `npm run build` and commit dist/.'
const scratch = []
// On Ctrl-C (or SIGTERM to the process group) the build in progress fails; stay alive to remove
// the scratch directories in `finally` rather than die at once.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (process.exitCode = 1))

function build(env = {}) {
  const out = mkdtempSync(join(root, '.check-dist-'))
  scratch.push(out)
  const args = ['run', '--silent', 'build', '--', relative(root, out)]
  const run = spawnSync('npm', args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env }
  })
  if (run.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${run.status})`)
  if (files(out).length === 0) throw new Error(`npm ${args.join(' ')} wrote nothing to ${out}`)
  return out
}

function files(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? files(path, base) : [relative(base, path)]
  })
}

/** Lists how `actual` differs from `expected`; empty when they are the same bytes. */
function compare(expected, actual) {
  const want = files(expected)
  const have = existsSync(actual) ? files(actual) : []
  const problems = [
    ...want.filter((f) => !have.includes(f)).map((f) => `missing: ${f}`),
    ...have.filter((f) => !want.includes(f)).map((f) => `extra:   ${f}`)
  ]
  for (const file of want.filter((f) => have.includes(f))) {
    const a = readFileSync(join(expected, file))
    const b = readFileSync(join(actual, file))
    if (a.equals(b)) continue
    let i = 0
    while (i < a.length && i < b.length && a[i] === b[i]) i++
    const line = a.subarray(0, i).toString().split('\n').length
    problems.push(
      `differs: ${file} (${b.length} bytes, expected ${a.length}; first at line ${line})`
    )
  }
  return problems
}

let failed = false
try {
  console.log('check-dist: building twice with `npm run build -- OUT`…')
  const first = build()
  const emptyCache = mkdtempSync(join(tmpdir(), 'check-dist-ncc-cache-'))
  scratch.push(emptyCache)
  const second = build({ XDG_CACHE_HOME: emptyCache })

  const unstable = compare(first, second)
  if (unstable.length > 0) {
    failed = true
    console.error(`\nThe build is not reproducible: two builds differ.\n  ${unstable.join('\n  ')}`)
  }

  const stale = compare(first, join(root, 'dist'))
  if (stale.length > 0) {
    failed = true
    console.error(`\ndist/ does not match a fresh build of the source:\n  ${stale.join('\n  ')}`)
    console.error(`\n${FIX}`)
  }
  if (!failed) console.log(`check-dist: dist/ matches a fresh build (${files(first).length} files)`)
} finally {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)
