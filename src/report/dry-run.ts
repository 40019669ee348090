/** What a dry run prints: every file the run would write, and what it would do with it. */
import type { Log } from '../log.js'
import type { Plan } from '../plan/index.js'
import { signedSubjects } from '../plan/signed-subjects.js'

export function logDryRun(plan: Plan, log: Log): void {
  log.info('Dry run: nothing is written. The plan:')
  for (const p of signedSubjects(plan)) {
    const files = p.sidecars.map((s) => `${s.name} (${s.action})`).join(', ')
    log.info(`  ${p.subject.name}: sha256 ${p.subject.sha256}; ${files || 'no sidecars'}`)
  }
  if (plan.checksums) log.info(`  ${plan.checksums.file.name} (${plan.checksums.file.action})`)
  for (const st of plan.statements) log.info(`  ${st.file.name} (${st.file.action})`)
}
