/** What a GitHub runner gives an action: the environment variables and the event payload file. */
import { owner, type WorkflowContext } from './oidc/context.js'

export interface RunnerEnvOptions {
  context: WorkflowContext
  apiUrl: string
  /** GITHUB_SERVER_URL: part of the signing identity (Fulcio's SAN), so never the loopback host. */
  serverUrl: string
  eventPath: string
  workspace: string
  runnerTemp: string
  idTokenRequestUrl: string
  idTokenRequestToken: string
  /** The TUF repository of the GitHub-like instance, which signs GitHub's release attestations. */
  githubTuf?: { mirror: string; rootPath: string }
}

/** The event payload GitHub would write for the context: a tag push, or a release event when set. */
export function eventPayload(
  context: WorkflowContext,
  release?: Record<string, unknown>
): Record<string, unknown> {
  const repository = {
    id: context.repositoryId,
    full_name: context.repository,
    name: context.repository.split('/')[1],
    owner: { login: owner(context.repository), id: context.repositoryOwnerId },
    private: context.visibility !== 'public',
    visibility: context.visibility
  }
  if (context.eventName === 'release')
    return { action: 'published', release: release ?? {}, repository }
  return {
    ref: context.ref,
    after: context.sha,
    repository,
    sender: { login: context.actor, id: context.actorId }
  }
}

export function runnerEnv(o: RunnerEnvOptions): Record<string, string> {
  const c = o.context
  const refName = c.ref.replace(/^refs\/(tags|heads)\//, '')
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: o.apiUrl,
    GITHUB_SERVER_URL: o.serverUrl,
    GITHUB_GRAPHQL_URL: `${o.apiUrl}/graphql`,
    GITHUB_REPOSITORY: c.repository,
    GITHUB_REPOSITORY_OWNER: owner(c.repository),
    GITHUB_REPOSITORY_ID: String(c.repositoryId),
    GITHUB_REPOSITORY_OWNER_ID: String(c.repositoryOwnerId),
    GITHUB_REF: c.ref,
    GITHUB_REF_NAME: refName,
    GITHUB_REF_TYPE: c.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    GITHUB_SHA: c.sha,
    GITHUB_EVENT_NAME: c.eventName,
    GITHUB_EVENT_PATH: o.eventPath,
    GITHUB_WORKFLOW: c.workflowName,
    GITHUB_WORKFLOW_REF: `${c.repository}/${c.workflowFile}@${c.ref}`,
    GITHUB_WORKFLOW_SHA: c.sha,
    GITHUB_RUN_ID: String(c.runId),
    GITHUB_RUN_NUMBER: String(c.runNumber),
    GITHUB_RUN_ATTEMPT: String(c.runAttempt),
    GITHUB_ACTOR: c.actor,
    GITHUB_ACTOR_ID: String(c.actorId),
    GITHUB_TRIGGERING_ACTOR: c.triggeringActor ?? c.actor,
    GITHUB_JOB: 'sign',
    GITHUB_ACTION: 'sign-release',
    GITHUB_WORKSPACE: o.workspace,
    RUNNER_TEMP: o.runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_ENVIRONMENT: c.runnerEnvironment,
    ACTIONS_ID_TOKEN_REQUEST_URL: o.idTokenRequestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: o.idTokenRequestToken,
    ...(o.githubTuf
      ? {
          SIGN_RELEASE_GITHUB_TUF_MIRROR: o.githubTuf.mirror,
          SIGN_RELEASE_GITHUB_TUF_ROOT: o.githubTuf.rootPath
        }
      : {})
  }
}
