/** What the after-publish check compares the release with: the run's signed files and known files. */
import type { SerializedBundle } from '@sigstore/bundle'
import type { Plan } from '../plan/index.js'
import { signedSubjects } from '../plan/signed-subjects.js'
import type { Signed } from '../sign/index.js'

export function signedFiles(
  plan: Plan,
  signed: Signed
): { name: string; sha256: string; bundle: SerializedBundle }[] {
  return signedSubjects(plan).map((p) => {
    const bundle = signed.bundles.get(p.subject.name)
    if (!bundle) throw new Error(`no bundle for '${p.subject.name}'`)
    return { name: p.subject.name, sha256: p.subject.sha256, bundle }
  })
}

/** The files the run knew of: on the release before it, and its own sidecars and statements. */
export function knownFiles(plan: Plan): Set<string> {
  return new Set([
    ...plan.assets.map((a) => a.name),
    ...signedSubjects(plan).flatMap((p) => p.sidecars.map((s) => s.name)),
    ...plan.statements.map((st) => st.file.name)
  ])
}
