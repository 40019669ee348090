/**
 * `npm run test:jest [-- jest args]`: Jest with V8 coverage, plus the coverage of every
 * `node dist/index.js` child the tests spawn (the harness sets NODE_V8_COVERAGE on them from
 * SIGN_RELEASE_CHILD_COVERAGE), mapped through dist's source maps back to src/*.ts and merged with
 * Jest's. Prints one table and fails when lines covered fall below the threshold in src/ or sandbox/.
 */
import { spawnSync } from 'node:child_process'
import console from 'node:console'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative, resolve, sep } from 'node:path'
import process from 'node:process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Report } from 'c8'
import libCoverage from 'istanbul-lib-coverage'
import libReport from 'istanbul-lib-report'
import reports from 'istanbul-reports'

const THRESHOLD = 90
const GATED = ['src', 'sandbox']

const root = realpathSync(join(import.meta.dirname, '..'))
process.chdir(root) // c8's include globs are relative to the working directory
const out = join(root, 'coverage')
const jestOut = join(out, 'jest')
const childOut = join(out, 'children-v8')
rmSync(out, { recursive: true, force: true })
mkdirSync(childOut, { recursive: true })

const jestBin = createRequire(import.meta.url).resolve('jest/bin/jest')
const jest = spawnSync(
  process.execPath,
  [
    jestBin,
    '--coverage',
    '--coverageProvider=v8',
    `--coverageDirectory=${jestOut}`,
    '--coverageReporters=json',
    '--coverageReporters=text-summary',
    '--json',
    `--outputFile=${join(out, 'jest-results.json')}`,
    ...process.argv.slice(2)
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim(),
      SIGN_RELEASE_CHILD_COVERAGE: childOut
    }
  }
)
const results = existsSync(join(out, 'jest-results.json'))
  ? JSON.parse(readFileSync(join(out, 'jest-results.json'), 'utf8'))
  : undefined
if (results) {
  console.log(`\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed`)
  if (results.numRuntimeErrorTestSuites > 0) {
    console.log(`jest: ${results.numRuntimeErrorTestSuites} test suite(s) failed to run`)
  }
}
if (jest.status !== 0) {
  console.error(`jest failed (exit ${jest.status ?? jest.signal})`)
  process.exit(jest.status || 1)
}

/** Keys a coverage map by real absolute paths, so both halves name each file the same way. */
function byRealPath(map) {
  const normalized = libCoverage.createCoverageMap({})
  for (const file of map.files()) {
    const data = map.fileCoverageFor(file).toJSON()
    let path = file
    try {
      path = realpathSync(file)
    } catch {
      // a file that no longer exists keeps its recorded name
    }
    normalized.merge({ [path]: { ...data, path } })
  }
  return normalized
}

const map = byRealPath(
  libCoverage.createCoverageMap(
    JSON.parse(readFileSync(join(jestOut, 'coverage-final.json'), 'utf8'))
  )
)

/**
 * The source map of a bundle in dist/, fixed for v8-to-istanbul, which otherwise silently drops every
 * range (and all lines would count as covered) or maps them onto the wrong lines:
 * - ncc writes each source as `../` + its path from the project root, whatever the depth of the
 *   output directory (dist/cli/ too), and as `.././src/x.ts`, which v8-to-istanbul fails to match
 *   against its own normalized `../src/x.ts`: make them absolute;
 * - ncc drops a leading shebang from sourcesContent while its mappings keep the file's own line
 *   numbers: use the file as it is on disk when that is the only difference.
 */
function sourceMapFor(script) {
  const map = JSON.parse(readFileSync(`${script}.map`, 'utf8'))
  const sources = map.sources.map((source) => resolve(root, 'dist', source))
  const stale = []
  const sourcesContent = sources.map((source, i) => {
    const content = map.sourcesContent?.[i]
    if (!source.startsWith(join(root, 'src') + sep) || !existsSync(source)) return content
    const disk = readFileSync(source, 'utf8')
    if (disk.replace(/^#!.*\n/, '') === content) return disk
    stale.push(relative(root, source))
    return content
  })
  if (stale.length > 0) {
    console.warn(
      `warning: ${relative(root, script)} was built from other versions of ${stale.join(', ')}; ` +
        'run `npm run build`'
    )
  }
  return { ...map, sourceRoot: '', sources, sourcesContent }
}

/** Keeps the children's coverage of bundles in dist/, each with its fixed source map. */
function prepareChildCoverage() {
  const distUrl = pathToFileURL(join(root, 'dist') + sep).href
  const maps = new Map()
  const files = readdirSync(childOut).filter((name) => name.endsWith('.json'))
  let scripts = 0
  for (const name of files) {
    const file = join(childOut, name)
    const cov = JSON.parse(readFileSync(file, 'utf8'))
    const cache = {}
    cov.result = cov.result.filter(({ url }) => {
      const script = url.startsWith(distUrl) ? fileURLToPath(url) : undefined
      if (!script || !existsSync(`${script}.map`)) return false
      if (!maps.has(url)) maps.set(url, sourceMapFor(script))
      cache[url] = { data: maps.get(url) }
      return true
    })
    cov['source-map-cache'] = cache
    scripts += cov.result.length
    writeFileSync(file, JSON.stringify(cov))
  }
  return { files: files.length, scripts }
}

const { files: childFiles, scripts } = prepareChildCoverage()
if (childFiles > 0) {
  const children =
    scripts > 0
      ? await new Report({
          tempDirectory: childOut,
          reporter: [],
          include: ['src/**'],
          excludeAfterRemap: true,
          resolve: root
        }).getCoverageMapFromAllCoverageFiles()
      : libCoverage.createCoverageMap({})
  if (children.files().length === 0) {
    console.error(
      `${childFiles} child process(es) wrote V8 coverage, but none of it maps to src/ ` +
        `(${scripts} bundle(s) of dist/ ran): is dist/ built?`
    )
    process.exit(1)
  }
  map.merge(byRealPath(children))
}
console.log(
  `\nchild processes: ${childFiles} V8 coverage file(s), ${scripts} run(s) of dist/ mapped to src/`
)

writeFileSync(join(out, 'coverage-final.json'), JSON.stringify(map.toJSON()))
const context = libReport.createContext({ dir: out, coverageMap: map, defaultSummarizer: 'nested' })
reports.create('text', { maxCols: process.stdout.columns || 120 }).execute(context)

let failed = false
for (const dir of GATED) {
  const prefix = join(root, dir) + sep
  const files = map.files().filter((file) => file.startsWith(prefix))
  const summary = libCoverage.createCoverageSummary()
  for (const file of files) summary.merge(map.fileCoverageFor(file).toSummary())
  const { covered, total, pct } = summary.lines
  const ok = files.length > 0 && pct >= THRESHOLD
  failed ||= !ok
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${dir}/: lines ${pct}% (${covered}/${total} in ${files.length} files), minimum ${THRESHOLD}%`
  )
}
process.exit(failed ? 1 : 0)
