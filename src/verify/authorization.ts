/**
 * The release's authorisation statement, as `sign-release verify` checks it: signed for the
 * expected identity by the same signer as each file, covering the file, naming the environment and
 * recording an approval (by one of the given logins). See docs/verification.md.
 */
import { messageOf } from '../errors.js'
import { AUTHORIZATION_TYPE, parseStatement, type Statement } from '../intoto.js'
import { parseBundle, verifyDsseBundle, type IdentityPolicy } from './bundle.js'
import type { TrustFor } from './trust.js'

export interface AuthorizationRequirement {
  /** A file without a valid statement fails (otherwise it is only reported). */
  required: boolean
  /** Logins of which at least one must have approved; any approval when empty. */
  approvers: string[]
  /** The environment the statement must name; any when absent. */
  environment?: string
}

export interface AuthorizationRead {
  name: string
  status: 'ok' | 'failed'
  detail?: string
  statement?: Statement
  /** The certificate SAN that signed it. */
  signer?: string
}

export interface Verdict {
  status: 'ok' | 'failed' | 'missing'
  detail?: string
}

/** The first file (of `lines`, name → first line) whose statement is an authorisation, verified. */
export function readAuthorizationFile(
  lines: { name: string; line: string }[],
  trustFor: TrustFor,
  policy: IdentityPolicy
): AuthorizationRead | undefined {
  const found = lines.find((l) => predicateTypeOf(l.line) === AUTHORIZATION_TYPE)
  if (!found) return undefined
  try {
    const bundle = parseBundle(JSON.parse(found.line))
    const { trust, requireTlog } = trustFor(bundle)
    const { payloadType, payload, signer } = verifyDsseBundle(bundle, trust, policy, {
      requireTlog
    })
    return {
      name: found.name,
      status: 'ok',
      statement: parseStatement(payloadType, payload),
      signer: signer.identity?.subjectAlternativeName
    }
  } catch (error) {
    return { name: found.name, status: 'failed', detail: messageOf(error) }
  }
}

/** Whether the statement authorises one file (its name, digest, and the signer of its bundle). */
export function authorizes(
  read: AuthorizationRead | undefined,
  requirement: AuthorizationRequirement,
  file: { name: string; sha256: string; signer?: string }
): Verdict {
  if (!read) {
    return requirement.required
      ? { status: 'failed', detail: 'no authorisation statement on the release' }
      : { status: 'missing', detail: 'no authorisation statement on the release' }
  }
  if (read.status === 'failed' || !read.statement)
    return { status: 'failed', detail: `${read.name} does not verify: ${read.detail ?? ''}` }
  if (file.signer !== undefined && read.signer !== file.signer)
    return {
      status: 'failed',
      detail: `${read.name} was signed by ${read.signer ?? 'an unknown signer'}, not by ${file.signer}, which signed the file`
    }
  const covered = read.statement.subject.some(
    (s) => s.name === file.name && s.digest.sha256 === file.sha256
  )
  if (!covered) return { status: 'failed', detail: `${read.name} does not cover this file` }
  return approvalVerdict(read, requirement)
}

function approvalVerdict(read: AuthorizationRead, requirement: AuthorizationRequirement): Verdict {
  const predicate = (read.statement?.predicate ?? {}) as {
    environment?: { name?: unknown }
    approvals?: { login?: unknown; state?: unknown }[]
  }
  const environment =
    typeof predicate.environment?.name === 'string' ? predicate.environment.name : ''
  if (environment === '') return { status: 'failed', detail: `${read.name} names no environment` }
  if (requirement.environment !== undefined && environment !== requirement.environment)
    return {
      status: 'failed',
      detail: `${read.name} names environment ${JSON.stringify(environment)}, not ${JSON.stringify(requirement.environment)}`
    }
  const approvedBy = (Array.isArray(predicate.approvals) ? predicate.approvals : [])
    .filter((a) => a.state === 'approved' && typeof a.login === 'string')
    .map((a) => a.login as string)
  if (approvedBy.length === 0)
    return { status: 'failed', detail: `${read.name} records no approval` }
  const wanted = requirement.approvers.map((a) => a.toLowerCase())
  if (wanted.length > 0 && !approvedBy.some((login) => wanted.includes(login.toLowerCase())))
    return {
      status: 'failed',
      // Logins come from the statement: quoted, so no text in it can pass for the table's own.
      detail: `approved by ${approvedBy.map((l) => JSON.stringify(l)).join(', ')}, none of ${requirement.approvers.join(', ')}`
    }
  return { status: 'ok' }
}

/** The predicate type a DSSE bundle line claims, read without verifying (to sort files). */
export function predicateTypeOf(line: string): string | undefined {
  try {
    const bundle = JSON.parse(line) as { dsseEnvelope?: { payload?: string } }
    const payload = bundle.dsseEnvelope?.payload
    if (typeof payload !== 'string') return undefined
    const statement = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as {
      predicateType?: unknown
    }
    return typeof statement.predicateType === 'string' ? statement.predicateType : undefined
  } catch {
    return undefined
  }
}
