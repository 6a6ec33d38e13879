// Runs a built core bundle (core.mjs) under plain Node, standing in for Electron's
// utility process, so the bundle is tested where no Electron binary is available.
// `node --import tsx utility-stand-in.ts BUNDLE`, forked with an IPC channel:
//   parent → here: the commands of core-messages.ts, as the main process sends them;
//     for 'connect', this makes the MessagePort pair and keeps one end;
//   here → parent: { notice } for what the core posts to its parent port, and
//     { rpc } for each message between the kept port and the parent, both ways.
import { EventEmitter } from 'node:events'
import { pathToFileURL } from 'node:url'
import { MessageChannel, type MessagePort } from 'node:worker_threads'

/** Electron's MessagePortMain, over a worker_threads MessagePort. */
class PortMain extends EventEmitter {
  constructor(private readonly port: MessagePort) {
    super()
    port.on('message', (data: unknown) => this.emit('message', { data, ports: [] }))
    port.on('close', () => this.emit('close'))
  }
  postMessage(message: unknown): void {
    this.port.postMessage(message)
  }
  start(): void {
    this.port.start()
  }
  close(): void {
    this.port.close()
  }
}

const bundle = process.argv[2]
if (!bundle || !process.send) throw new Error('usage: fork utility-stand-in.ts BUNDLE with IPC')
const toParent = (message: object) => process.send?.(message)

const parentPort = Object.assign(new EventEmitter(), {
  postMessage: (notice: unknown) => toParent({ notice }),
})
Object.defineProperty(process, 'parentPort', { value: parentPort })

let client: MessagePort | undefined
process.on('message', (message: { rpc?: unknown }) => {
  if ('rpc' in message) return client?.postMessage(message.rpc)
  const ports: PortMain[] = []
  if ((message as { type?: unknown }).type === 'connect') {
    const { port1, port2 } = new MessageChannel()
    client?.close()
    client = port2
    port2.on('message', (rpc: unknown) => toParent({ rpc }))
    ports.push(new PortMain(port1))
  }
  parentPort.emit('message', { data: message, ports })
})
process.on('disconnect', () => process.exit(1))

await import(pathToFileURL(bundle).href)
toParent({ loaded: true })
