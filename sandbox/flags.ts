/** Workflow context and service latencies from the sandbox CLI's flags. */
import type { ServiceLatency } from './http/faults.js'
import type { WorkflowContext } from './oidc/context.js'

/** `--latency fulcio=300,rekor=500,tsa=100,github=100`: milliseconds each request waits. */
export function latencyFromFlag(value: string | undefined): ServiceLatency | undefined {
  if (value === undefined) return undefined
  const latency: ServiceLatency = {}
  for (const part of value.split(',').filter((p) => p.trim() !== '')) {
    const match = /^\s*([a-z0-9-]+)=(\d+)\s*$/.exec(part)
    if (!match) throw new Error(`--latency: '${part}' is not SERVICE=MILLISECONDS`)
    latency[match[1] as string] = Number(match[2])
  }
  return latency
}

export function contextFromFlags(
  values: Record<string, string | boolean | undefined>
): Partial<WorkflowContext> {
  const text = (name: string): string | undefined => {
    const value = values[name]
    return typeof value === 'string' ? value : undefined
  }
  const context: Partial<WorkflowContext> = {}
  if (text('repo')) context.repository = text('repo')
  const visibility = text('visibility')
  if (visibility) {
    if (!['public', 'private', 'internal'].includes(visibility))
      throw new Error(`--visibility: '${visibility}' is not public, private or internal`)
    context.visibility = visibility as WorkflowContext['visibility']
  }
  if (text('ref')) context.ref = text('ref')
  if (text('sha')) context.sha = text('sha')
  if (text('workflow')) context.workflowFile = text('workflow')
  if (text('workflow-name')) context.workflowName = text('workflow-name')
  if (text('event')) context.eventName = text('event')
  if (text('environment')) context.environment = text('environment')
  const reusable = text('reusable')
  if (reusable) {
    const match = /^([^/]+\/[^/]+)\/(.+)@(.+)$/.exec(reusable)
    if (!match) throw new Error(`--reusable: '${reusable}' is not OWNER/REPO/PATH@REF`)
    context.reusable = {
      repository: match[1] ?? '',
      workflowFile: match[2] ?? '',
      ref: match[3] ?? '',
      sha: text('reusable-sha') ?? '0'.repeat(40)
    }
  }
  return context
}
