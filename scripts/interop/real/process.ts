/**
 * A server process of the real tier: started with its output in a log file, ready once its health
 * endpoint answers (a bounded wait), and stopped by the PID it was started with.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { openSync, closeSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

export interface ServerProcess {
  name: string
  pid: number
  /** Where its stdout and stderr go. */
  logPath: string
  stop(): Promise<void>
}

const given = new Set<number>()

/**
 * A port free on 127.0.0.1 now (the kernel's pick), for a server that cannot be given port 0; never
 * one handed out before, since the servers bind theirs only later.
 */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 100; tries++) {
    const port = await kernelPort()
    if (!given.has(port)) {
      given.add(port)
      return port
    }
  }
  throw new Error('no new free port on 127.0.0.1')
}

function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port'))
      )
    })
  })
}

export interface StartOptions {
  /** Directory for the log file. */
  logDir: string
  /** The URL polled until it answers 200 (and `ready` accepts the body). */
  health: string
  ready?: (body: string) => boolean
  /** How long to wait for health, in milliseconds. */
  timeoutMs?: number
  env?: Record<string, string>
  cwd?: string
}

const POLL_MS = 250
const STOP_MS = 10_000

export async function startServer(
  name: string,
  binary: string,
  args: string[],
  options: StartOptions
): Promise<ServerProcess> {
  const logPath = join(options.logDir, `${name}.log`)
  const fd = openSync(logPath, 'w')
  const child = spawn(binary, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', fd, fd]
  })
  closeSync(fd)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  if (child.pid === undefined) {
    await new Promise<void>((resolve) => child.once('error', () => resolve()))
    throw new Error(`${name}: could not start ${binary}`)
  }
  const server: ServerProcess = {
    name,
    pid: child.pid,
    logPath,
    stop: () => stop(child, exited)
  }
  try {
    await waitHealthy(name, child, options)
  } catch (error) {
    await server.stop()
    throw new Error(`${(error as Error).message}\n--- ${logPath} (last lines)\n${tail(logPath)}`)
  }
  return server
}

async function waitHealthy(
  name: string,
  child: ChildProcess,
  options: StartOptions
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  let last = 'no answer yet'
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `${name} exited (${child.exitCode ?? child.signalCode}) before it was healthy`
      )
    try {
      const response = await fetch(options.health, { signal: AbortSignal.timeout(2_000) })
      const body = await response.text()
      if (response.ok && (options.ready?.(body) ?? true)) return
      last = `HTTP ${response.status} ${body.slice(0, 100)}`
    } catch (error) {
      last = (error as Error).message
    }
    // Polling a health endpoint: nothing else tells when the process is ready.
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
  throw new Error(`${name} did not answer ${options.health} within the wait (${last})`)
}

/** SIGTERM to the PID started, then SIGKILL if it has not exited within STOP_MS. */
async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  let timer: NodeJS.Timeout | undefined
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_MS)))
  ])
  clearTimeout(timer)
  if (timedOut) {
    child.kill('SIGKILL')
    await exited
  }
}

function tail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}
