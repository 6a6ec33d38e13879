// The operator's HTTP endpoint: GET /healthz (JSON) and GET /metrics (Prometheus).
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ConfigError, type HttpAddress } from './config.ts'

export interface HttpRoutes {
  health(): object
  metrics(): Promise<{ contentType: string; body: string }>
}

export interface HttpServer {
  /** Base URL with the port actually bound. */
  url: string
  close(): Promise<void>
}

export async function startHttpServer(
  address: HttpAddress,
  routes: HttpRoutes,
): Promise<HttpServer> {
  const server = createServer((req, res) => {
    respond(req, res, routes).catch((err: unknown) => {
      console.error(`parley-relay: ${req.url}: ${err instanceof Error ? err.message : err}`)
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  server.listen(address.port, address.host)
  try {
    await once(server, 'listening')
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    throw new ConfigError(`--http: cannot listen on ${address.host}:${address.port}: ${reason}`)
  }
  const { port } = server.address() as AddressInfo
  const host = address.host.includes(':') ? `[${address.host}]` : address.host
  return {
    url: `http://${host}:${port}`,
    async close() {
      const closed = new Promise((resolve) => server.close(resolve))
      // Keep-alive connections from scrapers would otherwise hold close() open.
      server.closeAllConnections()
      await closed
    },
  }
}

async function respond(req: IncomingMessage, res: ServerResponse, routes: HttpRoutes) {
  const path = new URL(req.url ?? '/', 'http://relay').pathname
  if (path !== '/healthz' && path !== '/metrics') {
    return send(res, 404, 'text/plain; charset=utf-8', 'not found\n')
  }
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET')
    return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n')
  }
  if (path === '/healthz') {
    return send(res, 200, 'application/json', `${JSON.stringify(routes.health())}\n`)
  }
  const { contentType, body } = await routes.metrics()
  send(res, 200, contentType, body)
}

function send(res: ServerResponse, status: number, contentType: string, body: string) {
  res.writeHead(status, { 'Content-Type': contentType }).end(body)
}
