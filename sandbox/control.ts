/**
 * The sandbox's control endpoint, for clients that are not in-process: read the state, inject and
 * clear faults, set each service's standing latency (`PUT /latency {"fulcio": 300, ...}`), read the
 * request log, change the workflow context and repository settings, set up
 * environments (`PUT /repos/:owner/:repo/environments/:name {reviewers}`), approve runs
 * (`POST /repos/:owner/:repo/runs/:run_id/approvals {environment, login, id}`) and tags
 * (`PUT /repos/:owner/:repo/tags/:name {commit, annotated, verified}`), and make a
 * TUF repository (`public-good` or `github`) serve bad metadata (`PUT /tuf/:repo {"fault": ...}`).
 */
import type { ApprovalOptions, EnvironmentOptions, TagOptions } from './github/index.js'
import type { FaultRule, ServiceLatency } from './http/faults.js'
import { json, readJson, Router, startService, type Service } from './http/server.js'
import type { WorkflowContext } from './oidc/context.js'
import { TUF_FAULTS, type TufFault } from './tuf/repository.js'
import type { Sandbox } from './types.js'

export async function startControl(sandbox: Sandbox): Promise<Service> {
  const router = new Router()
    .on('GET', '/state', () => json(200, sandbox.state))
    .on('GET', '/faults', () => json(200, sandbox.faults.list()))
    .on('POST', '/faults', async (req) => {
      const rule = await readJson<FaultRule>(req)
      if (typeof rule.service !== 'string') return json(400, { message: 'a fault needs a service' })
      return json(201, { id: sandbox.faults.add(rule) })
    })
    .on('DELETE', '/faults', () => {
      sandbox.faults.clear()
      return { status: 204 }
    })
    .on('DELETE', '/faults/:id', (req) => {
      sandbox.faults.remove(Number(req.params.id))
      return { status: 204 }
    })
    .on('GET', '/latency', () => json(200, sandbox.faults.latency()))
    .on('PUT', '/latency', async (req) => {
      const latency = await readJson<ServiceLatency>(req)
      try {
        sandbox.faults.setLatency(latency)
      } catch (error) {
        return json(400, { message: (error as Error).message })
      }
      return json(200, sandbox.faults.latency())
    })
    .on('GET', '/requests', () => json(200, sandbox.requests()))
    .on('DELETE', '/requests', () => {
      sandbox.clearRequests()
      return { status: 204 }
    })
    .on('PUT', '/context', async (req) => {
      const body = await readJson<{
        context?: Partial<WorkflowContext>
        release?: Record<string, unknown>
      }>(req)
      return json(200, await sandbox.setContext(body.context ?? {}, body.release))
    })
    .on('PUT', '/tuf/:repo', async (req) => {
      const repo = { 'public-good': sandbox.tuf.publicGood, github: sandbox.tuf.github }[
        req.params.repo ?? ''
      ]
      if (!repo) return json(404, { message: 'TUF repositories: public-good, github' })
      const { fault } = await readJson<{ fault?: TufFault }>(req)
      if (!fault || !TUF_FAULTS.includes(fault))
        return json(400, { message: `fault is one of: ${TUF_FAULTS.join(', ')}` })
      repo.setFault(fault)
      return json(200, { fault })
    })
    .on('PUT', '/repos/:owner/:repo/environments/:name', async (req) => {
      const slug = `${req.params.owner}/${req.params.repo}`
      sandbox.github.setEnvironment(
        slug,
        req.params.name ?? '',
        await readJson<EnvironmentOptions>(req)
      )
      return { status: 204 }
    })
    .on('POST', '/repos/:owner/:repo/runs/:run_id/approvals', async (req) => {
      const slug = `${req.params.owner}/${req.params.repo}`
      sandbox.github.approveRun(
        slug,
        Number(req.params.run_id),
        await readJson<ApprovalOptions>(req)
      )
      return { status: 204 }
    })
    .on('PUT', '/repos/:owner/:repo/tags/*name', async (req) => {
      const slug = `${req.params.owner}/${req.params.repo}`
      sandbox.github.setTag(slug, req.params.name ?? '', await readJson<TagOptions>(req))
      return { status: 204 }
    })
    .on('PATCH', '/repos/:owner/:repo', async (req) => {
      const settings = sandbox.github.repo(`${req.params.owner}/${req.params.repo}`)
      Object.assign(settings, await readJson<Record<string, unknown>>(req))
      return json(200, settings)
    })
  return startService({ name: 'control', router })
}
