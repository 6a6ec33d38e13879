// The baseline: a plain WebSocket server on loopback that forwards each frame to the
// client it names — the centralised design Parley replaces. No persistence, no
// encryption. Prints "listening <url>"; exits when its parent does.
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { type WebSocket, WebSocketServer } from 'ws'

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
await once(server, 'listening')
const clients = new Map<string, WebSocket>()

server.on('connection', (socket, request) => {
  const name = new URL(request.url ?? '/', 'ws://localhost').searchParams.get('name')
  if (!name) return socket.close(1008, 'name required')
  clients.set(name, socket)
  socket.on('close', () => {
    if (clients.get(name) === socket) clients.delete(name)
  })
  socket.on('message', (data, isBinary) => {
    // Routed on `to`, forwarded as received: the least a central server does.
    const { to } = JSON.parse(String(data)) as { to: string }
    clients.get(to)?.send(data, { binary: isBinary })
  })
})

console.log(`listening ws://127.0.0.1:${(server.address() as AddressInfo).port}`)
process.on('disconnect', () => process.exit(0))
