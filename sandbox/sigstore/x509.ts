/**
 * @peculiar/x509, loaded after the Reflect polyfill its dependency injection (tsyringe) needs, and
 * bound to Node's WebCrypto.
 */
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'

x509.cryptoProvider.set(globalThis.crypto)

export { x509 }
