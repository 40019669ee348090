/**
 * A forward proxy on 127.0.0.1, like the one a runner on a closed network must go through: it
 * relays absolute-form requests (`GET http://host:port/path`, what node:http sends for http://
 * targets) and CONNECT tunnels (what fetch sends for any target). It records each request's target
 * as `host:port`, and relays to loopback targets only.
 */
import { createServer, request, Agent, type IncomingMessage, type ServerResponse } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'

export interface ForwardProxy {
  /** `http://127.0.0.1:<port>`, for HTTPS_PROXY and HTTP_PROXY. */
  url: string
  /** Each relayed request's target, `host:port`, in order of arrival. */
  targets: string[]
  close(): Promise<void>
}

const LOOPBACK = '127.0.0.1'

export async function startForwardProxy(): Promise<ForwardProxy> {
  const targets: string[] = []
  // Its own agent: never the global one, which the process under test may route through a proxy.
  const agent = new Agent({ keepAlive: false })
  const sockets = new Set<Socket>()

  const relay = (req: IncomingMessage, res: ServerResponse): void => {
    let target: URL
    try {
      target = new URL(req.url ?? '')
    } catch {
      res.writeHead(400).end('absolute-form requests only')
      return
    }
    targets.push(`${target.hostname}:${target.port || '80'}`)
    if (target.hostname !== LOOPBACK) {
      res.writeHead(403).end('loopback targets only')
      return
    }
    const upstream = request(
      {
        host: LOOPBACK,
        port: Number(target.port || 80),
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers: req.headers,
        agent
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  }

  const server = createServer(relay)
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const [host = '', port = ''] = (req.url ?? '').split(':')
    targets.push(`${host}:${port}`)
    if (host !== LOOPBACK) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    const upstream = connect(Number(port), LOOPBACK, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(upstream)
    upstream.on('close', () => sockets.delete(upstream))
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${LOOPBACK}:${port}`,
    targets,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      agent.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
