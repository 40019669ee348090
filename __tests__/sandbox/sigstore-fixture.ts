/** Shared set-up of the Sigstore stand-in tests: an OIDC issuer, the stand-ins, and verifiers. */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import {
  DSSEBundleBuilder,
  FulcioSigner,
  MessageSignatureBundleBuilder,
  RekorWitness,
  TSAWitness,
  type Witness
} from '@sigstore/sign'
import { toTrustMaterial, Verifier, type VerifierOptions } from '@sigstore/verify'
import { startSigning, type SignContext } from '../../src/sign/context.js'
import type { IdentityPolicy } from '../../src/verify/bundle.js'
import { parseTrustedRoot } from '../../src/verify/trust.js'
import { jobWorkflowRef, type WorkflowContext } from '../../sandbox/oidc/context.js'
import { startOidc, type OidcService } from '../../sandbox/oidc/service.js'
import {
  startSigstore,
  type SigstoreOptions,
  type SigstoreStandIn
} from '../../sandbox/sigstore/index.js'

export interface Stack {
  oidc: OidcService
  sigstore: SigstoreStandIn
  close(): Promise<void>
}

export async function startStack(
  context: Partial<WorkflowContext> = {},
  options: Partial<SigstoreOptions> = {}
): Promise<Stack> {
  const oidc = await startOidc({ context })
  const sigstore = await startSigstore({ oidcIssuer: oidc.issuer, ...options })
  return {
    oidc,
    sigstore,
    close: async () => {
      await Promise.all([sigstore.close(), oidc.close()])
    }
  }
}

export function signerFor(stack: Stack): FulcioSigner {
  return new FulcioSigner({
    fulcioBaseURL: stack.sigstore.fulcioUrl,
    identityProvider: { getToken: () => stack.oidc.mint('sigstore') }
  })
}

export function witnessesFor(stack: Stack, { tsa = true } = {}): Witness[] {
  const witnesses: Witness[] = [
    new RekorWitness({ rekorBaseURL: stack.sigstore.rekorUrl, entryType: 'dsse' })
  ]
  if (tsa) witnesses.push(new TSAWitness({ tsaBaseURL: stack.sigstore.tsaUrl }))
  return witnesses
}

export function blobBuilder(
  stack: Stack,
  opts: { tsa?: boolean } = {}
): MessageSignatureBundleBuilder {
  return new MessageSignatureBundleBuilder({
    signer: signerFor(stack),
    witnesses: witnessesFor(stack, opts)
  })
}

export function dsseBuilder(stack: Stack): DSSEBundleBuilder {
  return new DSSEBundleBuilder({ signer: signerFor(stack), witnesses: witnessesFor(stack) })
}

export function verifierFor(sigstore: SigstoreStandIn, options: VerifierOptions = {}): Verifier {
  const material = toTrustMaterial(TrustedRoot.fromJSON(sigstore.trustedRoot()))
  return new Verifier(material, {
    tlogThreshold: 1,
    ctlogThreshold: 1,
    timestampThreshold: 1,
    ...options
  })
}

export function policyFor(stack: Stack): {
  subjectAlternativeName: string
  extensions: { issuer: string }
} {
  return {
    subjectAlternativeName: `https://github.com/${jobWorkflowRef(stack.oidc.context())}`,
    extensions: { issuer: stack.oidc.issuer }
  }
}

interface TrustedRootJson {
  tlogs: {
    baseUrl: string
    publicKey: { rawBytes: string; keyDetails?: string }
    logId: { keyId: string }
  }[]
  ctlogs: { publicKey: { rawBytes: string }; logId: { keyId: string } }[]
  certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[]
  timestampAuthorities: { uri: string; certChain: { certificates: { rawBytes: string }[] } }[]
}

export function trustedRootJson(sigstore: SigstoreStandIn): TrustedRootJson {
  return sigstore.trustedRoot() as TrustedRootJson
}

/** The Rekor key as a verifier learns it: from the trusted root. */
export function rekorKey(sigstore: SigstoreStandIn): KeyObject {
  const raw = trustedRootJson(sigstore).tlogs[0]?.publicKey.rawBytes ?? ''
  return createPublicKey({ key: Buffer.from(raw, 'base64'), format: 'der', type: 'spki' })
}

export interface JsonResponse<T> {
  status: number
  headers: Headers
  json: T
}

export async function postJson<T = unknown>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {}
): Promise<JsonResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body)
  })
  const text = await res.text()
  return {
    status: res.status,
    headers: res.headers,
    json: (text ? JSON.parse(text) : undefined) as T
  }
}

export async function getJson<T = unknown>(url: string): Promise<JsonResponse<T>> {
  const res = await fetch(url)
  const text = await res.text()
  return {
    status: res.status,
    headers: res.headers,
    json: (text ? JSON.parse(text) : undefined) as T
  }
}

/**
 * The action's own signing context on the stack's instance (one Fulcio certificate for a fresh
 * token, the Rekor witness, and the TSA when asked), as `signPlan` starts it.
 */
export async function actionSigning(stack: Stack, { tsa = false } = {}): Promise<SignContext> {
  return startSigning(
    {
      name: 'custom',
      fulcioUrl: stack.sigstore.fulcioUrl,
      rekorUrl: stack.sigstore.rekorUrl,
      ...(tsa ? { tsaUrl: stack.sigstore.tsaUrl } : {}),
      trustedRoot: parseTrustedRoot(stack.sigstore.trustedRoot())
    },
    await stack.oidc.mint('sigstore')
  )
}

/** What verifies the stack's bundles: its trusted root, and the identity its tokens sign as. */
export function stackPolicy(stack: Stack): IdentityPolicy {
  return {
    san: `https://github.com/${jobWorkflowRef(stack.oidc.context())}`,
    issuer: stack.oidc.issuer
  }
}
