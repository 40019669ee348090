/**
 * The verify stage: nothing is uploaded unless it verifies for this run's identity. Each new subject
 * bundle is checked as it is made (before its sidecars go up); this is the check of the whole set:
 * every subject has a verified bundle, and the statements cover exactly the signed subjects.
 */
import type { Log } from '../log.js'
import type { Plan } from '../plan/index.js'
import { signedSubjects } from '../plan/signed-subjects.js'
import { coversExactly } from '../intoto.js'
import type { Signed } from '../sign/index.js'
import { UserError } from '../errors.js'
import type { SelfVerifier } from './self.js'

export function verifySigned(plan: Plan, signed: Signed, verifier: SelfVerifier, log: Log): void {
  const all = signedSubjects(plan)
  for (const p of all) {
    const bundle = signed.bundles.get(p.subject.name)
    if (!bundle) throw new Error(`no bundle for '${p.subject.name}'`)
    verifier.verify(p.subject.name, bundle, p.subject.sha256)
  }
  for (const signedStatement of signed.statements) {
    const statement = verifier.verifyStatement(signedStatement.name, signedStatement.bundle)
    if (
      !coversExactly(
        statement,
        plan.subjects.map((p) => p.subject)
      )
    ) {
      throw new UserError(
        'VERIFY',
        `The signed ${signedStatement.name} does not cover exactly the signed assets`
      )
    }
  }
  const count = all.length + signed.statements.length
  log.info(
    `Verified ${count} bundle${count === 1 ? '' : 's'} against ${String(verifier.policy.san)}`
  )
}
