/**
 * The instance a run signs on, loaded with its trust material. `sigstore: auto` chooses as
 * actions/attest does: public repositories on public-good, private and internal ones on GitHub's
 * instance, which keeps no public log; `private-repository: true` opts a private repository into
 * public-good. GitHub Enterprise Server has no GitHub instance (nor public repositories in the
 * public's sense), so there `auto` and `github` need the TUF repository of a self-hosted instance.
 */
import { join } from 'node:path'
import { UserError } from '../errors.js'
import type { Inputs, SigstoreInstanceName } from '../inputs.js'
import type { Log } from '../log.js'
import { quote } from '../util/format.js'
import { loadInstance, type Instance } from './instance.js'

export interface ChoiceEnv {
  serverUrl: string
  runnerTemp: string
}

export interface ChoiceDeps {
  log: Log
  /** The repository's visibility: the OIDC token's claim, else the repository API. */
  visibility: () => Promise<string>
}

export interface Choice {
  name: SigstoreInstanceName
  /** Why, for the log and the job summary. */
  reason: string
}

export async function chooseInstance(
  inputs: Inputs,
  env: ChoiceEnv,
  deps: ChoiceDeps
): Promise<Instance> {
  const choice = await decide(inputs, env.serverUrl, deps.visibility)
  const instance = await loadInstance({
    name: choice.name,
    signingConfig: inputs.signingConfig,
    trustedRoot: inputs.trustedRoot,
    tufMirror: inputs.tufMirror,
    tufRoot: inputs.tufRoot,
    serverUrl: env.serverUrl,
    rekorVersion: inputs.rekorVersion,
    cacheDir: join(env.runnerTemp, 'sign-release-tuf')
  })
  deps.log.info(
    `Sigstore: ${instance.name} (Fulcio ${instance.fulcioUrl}, Rekor ${instance.rekorUrl ? `${instance.rekorUrl} (v${instance.rekorVersion ?? 1})` : 'none'}, TSA ${instance.tsaUrl ?? 'none'}): ${choice.reason}`
  )
  return { ...instance, reason: choice.reason }
}

export async function decide(
  inputs: Pick<Inputs, 'sigstore' | 'privateRepository' | 'tufMirror'>,
  serverUrl: string,
  visibility: () => Promise<string>
): Promise<Choice> {
  const ghes = isEnterpriseServer(serverUrl)
  if (inputs.sigstore !== 'auto') {
    if (inputs.sigstore === 'github' && ghes && !inputs.tufMirror)
      throw noGitHubInstance('github', serverUrl)
    return { name: inputs.sigstore, reason: `chosen with sigstore: ${inputs.sigstore}` }
  }
  if (ghes) {
    if (!inputs.tufMirror) throw noGitHubInstance('auto', serverUrl)
    return {
      name: 'github',
      reason: "GitHub Enterprise Server: the instance of the TUF repository 'tuf-mirror'"
    }
  }
  if (inputs.privateRepository) {
    return {
      name: 'public-good',
      reason: 'private-repository: true opts into the public-good instance'
    }
  }
  const seen = await visibility()
  return seen === 'public'
    ? { name: 'public-good', reason: 'the repository is public' }
    : {
        name: 'github',
        reason: `the repository is ${seen}: GitHub's instance keeps no public log of its name`
      }
}

/** GitHub Enterprise Server: neither github.com nor a GHE.com tenant. */
export function isEnterpriseServer(serverUrl: string): boolean {
  const host = new URL(serverUrl).hostname
  return host !== 'github.com' && !host.endsWith('.ghe.com')
}

function noGitHubInstance(choice: 'auto' | 'github', serverUrl: string): UserError {
  const server = quote(new URL(serverUrl).host)
  return new UserError(
    'INPUT_INVALID',
    choice === 'auto'
      ? `Input 'sigstore': 'auto' has no instance to choose on GitHub Enterprise Server (${server}): GitHub's Sigstore instance does not serve it`
      : `Input 'sigstore': GitHub's Sigstore instance does not serve GitHub Enterprise Server (${server})`,
    "use 'sigstore: custom' with your instance's 'signing-config' and 'trusted-root', or give 'tuf-mirror' and 'tuf-root' of your self-hosted instance's TUF repository"
  )
}
