/** Everything signed like an asset: the subjects, then the checksums file when there is one. */
import type { SubjectPlan } from './reconcile.js'

export function signedSubjects<T extends SubjectPlan>(plan: { subjects: T[]; checksums?: T }): T[] {
  return [...plan.subjects, ...(plan.checksums ? [plan.checksums] : [])]
}
