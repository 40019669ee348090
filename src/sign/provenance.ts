/**
 * SLSA v1 provenance over every signed asset: the predicate comes from @actions/attest (which
 * checks the OIDC token's claims against the issuer's keys); statements are signed as DSSE
 * envelopes with the run's certificate and logged like any other bundle.
 */
import { buildSLSAProvenancePredicate } from '@actions/attest'
import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle'
import { DSSEBundleBuilder } from '@sigstore/sign'
import { UserError, messageOf } from '../errors.js'
import { IN_TOTO_PAYLOAD_TYPE, type Statement } from '../intoto.js'
import type { SignContext } from './index.js'

/** The SLSA predicate for this run; `issuer` is the OIDC issuer whose keys verify the token. */
export async function slsaPredicate(issuer: string | undefined): Promise<Record<string, unknown>> {
  try {
    const predicate = await buildSLSAProvenancePredicate(issuer)
    return predicate.params as Record<string, unknown>
  } catch (error) {
    throw new UserError(
      'PROVENANCE',
      `Could not build the SLSA provenance: ${messageOf(error)}`,
      undefined,
      {
        cause: error
      }
    )
  }
}

export async function signStatement(
  context: SignContext,
  statement: Statement
): Promise<SerializedBundle> {
  const builder = new DSSEBundleBuilder({
    signer: context.signer.signer,
    witnesses: context.witnesses,
    certificateChain: false
  })
  const bundle = await builder.create({
    data: Buffer.from(JSON.stringify(statement)),
    type: IN_TOTO_PAYLOAD_TYPE
  })
  return bundleToJSON(bundle)
}
