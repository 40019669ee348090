/** A v0.3 message-signature bundle for one digest: signature, then the log entry and timestamp. */
import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle'
import { toMessageSignatureBundle } from '@sigstore/bundle'
import type { Witness } from '@sigstore/sign'
import type { RunSigner } from './signer.js'

export async function signDigestBundle(
  signer: RunSigner,
  witnesses: Witness[],
  digest: Buffer
): Promise<SerializedBundle> {
  const bundle = toMessageSignatureBundle({
    digest,
    signature: signer.signDigest(digest),
    certificate: signer.certificateDer,
    certificateChain: false
  })
  for (const witness of witnesses) {
    const material = await witness.testify(bundle.content, signer.certificatePem)
    bundle.verificationMaterial.tlogEntries.push(...(material.tlogEntries ?? []))
    bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.push(
      ...(material.rfc3161Timestamps ?? [])
    )
  }
  return bundleToJSON(bundle)
}
