/**
 * `npm run test:conformance -- DIR`: runs every case of the Sigstore conformance suite's
 * bundle-verification data (DIR = .../bundle-verify) through `sign-release verify-bundle`, as the
 * suite's driver would: a case must verify unless its name ends in `_fail`. Cases signed with a
 * certificate run twice: with the artifact's bytes, and with `sha256:DIGEST` alone.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const DEFAULT_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main'
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com'
const CLI = resolve('dist/cli/index.js')

async function verify(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [CLI, 'verify-bundle', ...args])
    return { code: 0, output: stdout.trim() }
  } catch (error) {
    const e = error as { code?: number; stderr?: string }
    return { code: e.code ?? -1, output: (e.stderr ?? '').trim() }
  }
}

async function main(): Promise<void> {
  const dir = process.argv[2]
  if (!dir || !existsSync(dir)) {
    console.error('usage: npm run test:conformance -- PATH/TO/bundle-verify')
    process.exit(2)
  }
  const cases = readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort()
  let passed = 0
  let failed = 0
  for (const name of cases) {
    const caseDir = join(dir, name)
    const file = (f: string): string | undefined =>
      existsSync(join(caseDir, f)) ? join(caseDir, f) : undefined
    const artifact = file('artifact') ?? join(dir, 'a.txt')
    const args = ['--bundle', join(caseDir, 'bundle.sigstore.json')]
    const root = file('trusted_root.json')
    if (root) args.push('--trusted-root', root)
    const key = file('key.pub')
    if (key) args.push('--key', key)
    else {
      const read = (f: string, fallback: string): string =>
        file(f) ? readFileSync(join(caseDir, f), 'utf8').trim() : fallback
      args.push(
        '--certificate-identity',
        read('identity', DEFAULT_IDENTITY),
        '--certificate-oidc-issuer',
        read('issuer', DEFAULT_ISSUER)
      )
    }
    const expectFail = name.endsWith('_fail')
    const forms: [string, string][] = [['file', artifact]]
    if (!key)
      forms.push([
        'digest',
        `sha256:${createHash('sha256').update(readFileSync(artifact)).digest('hex')}`
      ])
    for (const [form, target] of forms) {
      const result = await verify([...args, target])
      const ok = expectFail ? result.code !== 0 : result.code === 0
      if (ok) passed++
      else failed++
      const verdict = result.code === 0 ? 'verified' : `rejected (exit ${result.code})`
      console.log(
        `${ok ? 'PASS' : 'FAIL'} ${name} [${form}]: ${verdict}${ok ? '' : ` — ${result.output}`}`
      )
    }
  }
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed === 0 ? 0 : 1)
}

await main()
