/**
 * Origin policy: which runs may use the signing identity at all. Checked from the OIDC token's
 * claims (signed by GitHub, unlike environment variables a step can change) before anything is
 * signed; each refusal names the claim, its value and the input that would allow it.
 */
import { minimatch } from 'minimatch'
import { UserError } from './errors.js'
import type { Identity } from './identity.js'
import { quote } from './util/format.js'

export type RunnerEnvironmentPolicy = 'any' | 'github-hosted'

export interface OriginPolicy {
  /** Globs over the token's `ref`; empty allows any. */
  allowedRefs: string[]
  /** Event names; empty allows any but `pull_request_target`. */
  allowedEvents: string[]
  requireProtectedRef: boolean
  runnerEnvironment: RunnerEnvironmentPolicy
}

/** Runs on untrusted code with the base repository's secrets: never allowed unless named. */
const REFUSED_UNLESS_NAMED = ['pull_request_target']

/** Throws POLICY when the run's claims fall outside the policy; returns what was enforced. */
export function enforceOrigin(identity: Identity, policy: OriginPolicy): string[] {
  const { ref, eventName, refProtected, runnerEnvironment } = identity
  if (policy.allowedRefs.length > 0 && !policy.allowedRefs.some((g) => minimatch(ref, g))) {
    throw refusal('ref', ref, 'allowed-refs', `add a glob that matches it to 'allowed-refs'`)
  }
  const events = policy.allowedEvents
  if (events.length > 0 ? !events.includes(eventName) : REFUSED_UNLESS_NAMED.includes(eventName)) {
    throw refusal(
      'event_name',
      eventName,
      'allowed-events',
      events.length > 0
        ? `add '${eventName}' to 'allowed-events'`
        : `${eventName} runs code from forks with this repository's permissions: name it in 'allowed-events' only if the job never checks out that code`
    )
  }
  if (policy.requireProtectedRef && !refProtected) {
    throw refusal(
      'ref_protected',
      String(refProtected),
      'require-protected-ref',
      `protect ${quote(ref)} with a branch or tag rule (ruleset), or set 'require-protected-ref: false'`
    )
  }
  if (policy.runnerEnvironment === 'github-hosted' && runnerEnvironment !== 'github-hosted') {
    throw refusal(
      'runner_environment',
      runnerEnvironment || 'absent',
      'runner-environment',
      "run the job on a GitHub-hosted runner (SLSA Build L3 needs one), or set 'runner-environment: any'"
    )
  }
  return describePolicy(policy)
}

/** The policy in words, for the log and the job summary. */
export function describePolicy(policy: OriginPolicy): string[] {
  return [
    `refs: ${policy.allowedRefs.length > 0 ? policy.allowedRefs.join(', ') : 'any'}`,
    `events: ${policy.allowedEvents.length > 0 ? policy.allowedEvents.join(', ') : `any but ${REFUSED_UNLESS_NAMED.join(', ')}`}`,
    `protected ref: ${policy.requireProtectedRef ? 'required' : 'not required'}`,
    `runner: ${policy.runnerEnvironment}`
  ]
}

function refusal(claim: string, value: string, input: string, fix: string): UserError {
  return new UserError(
    'POLICY',
    `The origin policy refuses this run: the OIDC token's '${claim}' is ${quote(value)}, which '${input}' does not allow`,
    `${fix}; nothing was signed`
  )
}
