/**
 * Fault injection shared by every sandbox service: a rule matches requests by service, method and
 * path, and answers them with a status, delays them, or drops the connection, for the next N
 * matching calls or for a share of them. Apart from the rules, each service can have a standing
 * latency (every request waits that long first), to stand in for real round-trip times.
 */
export interface FaultRule {
  /** Service name as registered (`github`, `uploads`, `oidc`, `fulcio`, `rekor`, `tsa`, ...). */
  service: string
  /** HTTP method to match; any when absent. */
  method?: string
  /** Path to match (no query): exact, a prefix ending in `*`, or `re:` followed by a RegExp. */
  path?: string
  /** Answer with this status (and a JSON error body) instead of calling the service. */
  status?: number
  /** Extra headers for a status answer (e.g. `retry-after`). */
  headers?: Record<string, string>
  /**
   * The JSON body of a status answer, instead of `{message: 'injected fault: HTTP <status>'}`
   * (e.g. GitHub's `{message: 'You have exceeded a secondary rate limit...'}`).
   */
  body?: unknown
  /** Delay the request by this many milliseconds, then serve it (or apply status/drop). */
  latencyMs?: number
  /** Destroy the connection without an answer. */
  drop?: boolean
  /** Apply to this many matching calls, then expire; unlimited when absent. */
  times?: number
  /** Let this many matching calls through first (a failure "midway"). */
  after?: number
  /** Apply to this share (0..1) of matching calls; all when absent. */
  rate?: number
}

export interface FaultAction {
  status?: number
  headers?: Record<string, string>
  body?: unknown
  latencyMs?: number
  drop?: boolean
}

interface ActiveRule extends FaultRule {
  id: number
  hits: number
  passed: number
}

/** Milliseconds every request to a service waits, by service name (`fulcio: 300`). */
export type ServiceLatency = Record<string, number>

export class FaultInjector {
  private rules: ActiveRule[] = []
  private nextId = 1
  private latencies: ServiceLatency = {}
  /** A seedable source of randomness so `rate` rules are reproducible in tests. */
  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): number {
    const id = this.nextId++
    this.rules.push({ ...rule, id, hits: 0, passed: 0 })
    return id
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id)
  }

  clear(): void {
    this.rules = []
  }

  /** Replaces the standing latencies; services not named have none. */
  setLatency(latency: ServiceLatency): void {
    for (const [service, ms] of Object.entries(latency)) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new Error(`latency of ${service}: ${ms} is not >= 0`)
    }
    this.latencies = { ...latency }
  }

  latency(): ServiceLatency
  latency(service: string): number
  latency(service?: string): ServiceLatency | number {
    return service === undefined ? { ...this.latencies } : (this.latencies[service] ?? 0)
  }

  list(): (FaultRule & { id: number; hits: number; passed: number })[] {
    return this.rules.map((r) => ({ ...r }))
  }

  /** The fault to apply to one request, consuming one use of the first matching rule. */
  match(service: string, method: string, path: string): FaultAction | undefined {
    for (const rule of this.rules) {
      if (rule.service !== service) continue
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue
      if (rule.path && !pathMatches(rule.path, path)) continue
      if (rule.after !== undefined && rule.passed < rule.after) {
        rule.passed++
        continue
      }
      if (rule.rate !== undefined && this.random() >= rule.rate) continue
      rule.hits++
      if (rule.times !== undefined && rule.hits >= rule.times) this.remove(rule.id)
      return {
        status: rule.status,
        headers: rule.headers,
        body: rule.body,
        latencyMs: rule.latencyMs,
        drop: rule.drop
      }
    }
    return undefined
  }
}

function pathMatches(pattern: string, path: string): boolean {
  if (pattern.startsWith('re:')) return new RegExp(pattern.slice(3)).test(path)
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1))
  return pattern === path
}
