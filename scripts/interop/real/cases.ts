/**
 * The real tier's cases: what the action signed against the real servers, checked by cosign v3 and
 * v2, sigstore-python and our own CLI (@sigstore/verify), each accepting the outputs and refusing a
 * flipped byte, another asset's bundle and a wrong identity.
 */
import { cp, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { casesOf, SPACED, signatureChecks, type Binaries, type Case } from '../case.js'
import { cosignAttestation, cosignBundle, identityFlags } from '../commands.js'
import { cosignV3 } from '../cosign.js'
import type { SignedRelease } from '../release.js'
import { summaryCommands, withoutLog } from '../scenarios.js'
import { sigstorePythonIdentity } from '../sigstore-python.js'

type Row = [string, Case['expect'], string[]]

/** A release whose entries are on rekor-tiles (and timestamps from the TSA). */
export function rekorV2Cases(bin: Binaries, r: SignedRelease): Case[] {
  // cosign v2 reads a Rekor v2 entry only from a bundle, and takes its time from the TSA.
  const v2Flags = ['--new-bundle-format', '--use-signed-timestamps']
  return [
    ...cosignV3(bin.cosign, r),
    ...casesOf('cosign v2', [
      ...signatureChecks(r).map((c): Row => [
        c.name,
        c.expect,
        [...cosignBundle(bin.cosign2, r, c.artifact, c), ...v2Flags]
      ]),
      [
        'provenance covers the asset',
        'accept',
        [...provenance(bin.cosign2, r, SPACED), ...v2Flags]
      ],
      [
        'provenance lacks the file',
        'reject',
        [...provenance(bin.cosign2, r, 'tampered.tar.gz'), ...v2Flags]
      ],
      [
        'without --use-signed-timestamps (a v2 entry has no integrated time)',
        'reject',
        [...cosignBundle(bin.cosign2, r, SPACED), '--new-bundle-format']
      ]
    ]),
    ...sigstorePythonIdentity(bin.python, r),
    ...casesOf(
      'sign-release verify-bundle',
      signatureChecks(r).map((c): Row => [
        c.name,
        c.expect,
        [
          process.execPath,
          bin.cli,
          'verify-bundle',
          '--bundle',
          r.file(`${c.signedAs}.sigstore.json`),
          '--trusted-root',
          r.file('trusted_root.json'),
          ...identityFlags(c.identity, c.issuer),
          r.file(c.artifact)
        ]
      ])
    ),
    ...summaryCommands(bin, r, 'Rekor v2, job summary')
  ]
}

/** A release signed with the TSA and no log: cosign v3 and v2 on the signed timestamp. */
export function tsaOnlyCases(bin: Binaries, r: SignedRelease): Case[] {
  const flags = ['--new-bundle-format', '--use-signed-timestamps', '--insecure-ignore-tlog']
  return [
    ...withoutLog(bin, r),
    ...casesOf(
      'no transparency log, cosign v2',
      signatureChecks(r).map((c): Row => [
        c.name,
        c.expect,
        [...cosignBundle(bin.cosign2, r, c.artifact, c), ...flags]
      ])
    )
  ]
}

/**
 * `sign-release verify --dir` on the release's files alone, on copies with the first asset flipped
 * and with its bundle swapped for the second asset's, and for another signer ref.
 */
export async function releaseVerifyCases(
  bin: Binaries,
  r: SignedRelease,
  tool: string
): Promise<Case[]> {
  const copy = async (suffix: string): Promise<string> => {
    const dir = `${r.dir}-${suffix}`
    await mkdir(dir)
    for (const name of r.files) await cp(r.file(name), join(dir, name))
    return dir
  }
  const files = await copy('release')
  const flipped = await copy('flipped')
  await cp(r.file('tampered.tar.gz'), join(flipped, SPACED))
  const swapped = await copy('swapped')
  await cp(r.file('other.zip.sigstore.json'), join(swapped, `${SPACED}.sigstore.json`))
  const verify = (dir: string, ref: string): string[] => [
    process.execPath,
    bin.cli,
    'verify',
    '--repo',
    r.context.repository,
    '--tag',
    r.tag,
    '--dir',
    dir,
    '--ref',
    ref,
    '--trusted-root',
    r.file('trusted_root.json'),
    '--certificate-oidc-issuer',
    r.issuer
  ]
  return casesOf(tool, [
    ['every file', 'accept', verify(files, r.context.ref)],
    ['flipped byte', 'reject', verify(flipped, r.context.ref)],
    ["another asset's bundle", 'reject', verify(swapped, r.context.ref)],
    ['wrong identity (another ref)', 'reject', verify(files, 'refs/heads/evil')]
  ])
}

function provenance(cosign: string, r: SignedRelease, artifact: string): string[] {
  return cosignAttestation(cosign, r, artifact, 'multiple.intoto.jsonl', 'slsaprovenance1')
}
