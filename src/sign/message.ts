/** A v0.3 message-signature bundle for one digest: the signature, then its log entry and timestamp. */
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
  // The log and the timestamp authority each witness the same signature: asked at once, a bundle
  // waits for the slower of the two round trips instead of both.
  const materials = await Promise.all(
    witnesses.map((witness) => witness.testify(bundle.content, signer.certificatePem))
  )
  for (const material of materials) {
    bundle.verificationMaterial.tlogEntries.push(...(material.tlogEntries ?? []))
    bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.push(
      ...(material.rfc3161Timestamps ?? [])
    )
  }
  return bundleToJSON(bundle)
}
