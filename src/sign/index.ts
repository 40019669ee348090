/**
 * The sign stage: one certificate for the run, then per subject a prehashed signature, a Rekor entry
 * and a timestamp. Everything happens inside the certificate's ten-minute window, after hashing.
 */
import type { SerializedBundle } from '@sigstore/bundle'
import type { Log } from '../log.js'
import type { Instance } from '../sigstore/instance.js'
import type { Plan, StatementPlan } from '../plan/index.js'
import { signedSubjects } from '../plan/signed-subjects.js'
import { loopTurns, mapLimit } from '../util/pool.js'
import { signDigestBundle } from './message.js'
import { statementFor, type Statement } from '../intoto.js'
import { signStatement, slsaPredicate } from './provenance.js'
import { SIGN_CONCURRENCY, startSigning, type SignContext } from './context.js'
import { sigstoreError } from './sigstore-errors.js'

export async function signDigests(
  context: SignContext,
  items: { name: string; sha256: string }[],
  log: Log,
  concurrency: number,
  verify?: SignInput['verify'],
  onSigned?: SignInput['onSigned']
): Promise<Map<string, SerializedBundle>> {
  const turn = loopTurns()
  const bundles = await mapLimit(items, concurrency, async (item) => {
    let bundle: SerializedBundle
    // Each signature in a turn of its own, so that one's requests are on their way (and the
    // services at work) while the next is computed, instead of all starting after the last.
    await turn()
    try {
      bundle = await signDigestBundle(
        context.signer,
        context.witnesses,
        Buffer.from(item.sha256, 'hex')
      )
    } catch (error) {
      throw sigstoreError(error, context.instance, item.name)
    }
    const entry = bundle.verificationMaterial.tlogEntries?.[0]
    log.info(`Signed ${item.name}${entry ? ` (Rekor log index ${entry.logIndex ?? '0'})` : ''}`)
    // Verification takes milliseconds of CPU: one a turn, so that uploads and answers in between
    // (which the pacer times) are not held behind a pile of them.
    await turn()
    verify?.(item.name, bundle, item.sha256)
    onSigned?.(item.name, bundle)
    return [item.name, bundle] as const
  })
  return new Map(bundles)
}

export interface SignedStatement {
  kind: StatementPlan['kind']
  /** File name on the release. */
  name: string
  bundle: SerializedBundle
  statement: Statement
}

export interface Signed {
  /** Message-signature bundles by subject name (assets, files, the checksums file), new or kept. */
  bundles: Map<string, SerializedBundle>
  /** Fresh statements (provenance, SBOM), where the plan needs them. */
  statements: SignedStatement[]
}

export interface SignInput {
  plan: Plan
  instance: Instance
  /**
   * A fresh OIDC token for Fulcio and the SLSA predicate. Asked for only when signing starts:
   * tokens live minutes, and hashing large assets before that can take longer.
   */
  getToken(): Promise<string>
  /**
   * Called with Fulcio's certificate before any log or timestamp request; throws to stop the run
   * while nothing has been recorded yet.
   */
  checkCertificate: (pem: string) => void
  /**
   * Checks each bundle as soon as it is made, while others still wait on the log and the TSA
   * (throws when it does not verify): nothing reaches `onSigned` unless it verified.
   */
  verify?: (name: string, bundle: SerializedBundle, sha256: string) => void
  /** Each new subject bundle once verified, while the rest are still being signed (to upload it). */
  onSigned?: (name: string, bundle: SerializedBundle) => void
  /** Issuer whose keys verify the token for the SLSA predicate; GitHub's when absent. */
  provenanceIssuer?: string
  /** GITHUB_SERVER_URL: the predicate's URLs, and GitHub's issuer when none is given. */
  serverUrl: string
  log: Log
}

/** The sign stage: new bundles only where the plan found nothing valid to keep. */
export async function signPlan(input: SignInput): Promise<Signed> {
  const { plan, log } = input
  const all = signedSubjects(plan)
  const bundles = new Map<string, SerializedBundle>()
  for (const p of all) if (p.reuse) bundles.set(p.subject.name, p.reuse)
  const toSign = all.filter((p) => !p.reuse)
  const pending = plan.statements.filter((st) => st.file.action !== 'keep')
  if (toSign.length === 0 && pending.length === 0) return { bundles, statements: [] }

  // Predicates first: the certificate's ten minutes start below.
  const token = await input.getToken()
  const predicates = await Promise.all(
    pending.map(
      async (st) =>
        st.predicate ??
        (await slsaPredicate({
          token,
          issuer: input.provenanceIssuer,
          serverUrl: input.serverUrl
        }))
    )
  )
  const context = await startSigning(input.instance, token)
  input.checkCertificate(context.signer.certificatePem)
  log.info('Fulcio issued one certificate for this run')
  const signed = await signDigests(
    context,
    toSign.map((p) => ({ name: p.subject.name, sha256: p.subject.sha256 })),
    log,
    SIGN_CONCURRENCY,
    input.verify,
    input.onSigned
  )
  for (const [name, bundle] of signed) bundles.set(name, bundle)
  const statements: SignedStatement[] = []
  for (const [i, st] of pending.entries()) {
    const statement = statementFor(
      plan.subjects.map((p) => p.subject),
      st.predicateType,
      predicates[i] ?? {}
    )
    let bundle: SerializedBundle
    try {
      bundle = await signStatement(context, statement)
    } catch (error) {
      throw sigstoreError(error, input.instance, st.file.name)
    }
    statements.push({ kind: st.kind, name: st.file.name, bundle, statement })
    log.info(
      `Signed ${st.file.name}: ${st.predicateType} over ${statement.subject.length} subjects`
    )
  }
  return { bundles, statements }
}
