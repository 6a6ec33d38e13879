// `npm run client`: runs the client core in this process. With a Node IPC channel
// (forked by tests or benchmarks) it serves the typed API on it; otherwise it reads
// commands from the terminal, for trying Parley by hand.
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { serveApi } from '../protocol/rpc.ts'
import { createClient, DEFAULT_LISTEN, type ParleyClient } from './core/client.ts'
import { ipcPort } from './ipc-port.ts'

const USAGE = `usage: npm run client -- [--data-dir DIR] [--relay MULTIADDR]... [--listen MULTIADDR|none]... [--no-mdns]`

function fail(message: string): never {
  console.error(`parley: ${message}`)
  process.exit(2)
}

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: {
        'data-dir': { type: 'string', default: '.data/client' },
        relay: { type: 'string', multiple: true, default: [] },
        listen: { type: 'string', multiple: true },
        mdns: { type: 'boolean', default: true },
        help: { type: 'boolean', default: false },
      },
      allowNegative: true,
      strict: true,
    })
    if (values.help) {
      console.log(USAGE)
      process.exit(0)
    }
    return values
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`)
  }
}

const options = parseOptions()
const client = await createClient({
  dataDir: options['data-dir'],
  relays: options.relay,
  // `--listen none`: no listeners of our own, reachable only through relays.
  listen: options.listen?.includes('none') ? [] : (options.listen ?? DEFAULT_LISTEN),
  mdns: options.mdns,
}).catch((err: Error) => fail(err.message))

const { peerId, addresses } = await client.identity({})
console.log(`Parley ${peerId}`)
for (const a of addresses) console.log(`  ${a}`)

let stopping = false
async function shutdown(): Promise<void> {
  if (stopping) return
  stopping = true
  setTimeout(() => process.exit(1), 5_000).unref()
  await client.stop()
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)

if (process.send) {
  serveApi(client, ipcPort(process))
  process.on('disconnect', shutdown)
} else {
  runTerminal(client)
}
console.log('ready')

function runTerminal(client: ParleyClient): void {
  let current: string | undefined
  client.on('message', (m) => console.log(`<< ${m.sender.slice(-8)}: ${m.text}`))
  client.on('delivered', (d) => console.log(`   delivered ${d.id}`))
  client.on('path', (p) => console.log(`   ${p.peerId.slice(-8)} is ${p.path ?? 'offline'}`))
  console.log(
    'commands: /dial MULTIADDR, /to PEER, /list, /history, /net, /quit; other lines are sent',
  )

  const commands: Record<string, (arg: string) => Promise<unknown>> = {
    '/dial': async (addr) => {
      const p = await client.dial({ addr })
      current = p.peerId
      return `connected to ${p.peerId} (${p.path})`
    },
    '/to': async (peer) => {
      current = peer
      return `talking to ${peer}`
    },
    '/list': async () => client.conversations({}),
    '/history': async () =>
      current ? client.history({ conversationId: (await conversationWith(current)) ?? '' }) : [],
    '/net': async () => client.network({}),
    '/quit': shutdown,
  }
  async function conversationWith(peer: string) {
    return (await client.conversations({})).find((c) => c.peerId === peer)?.id
  }

  createInterface({ input: process.stdin }).on('line', async (line) => {
    const [word = '', ...rest] = line.trim().split(' ')
    try {
      const command = commands[word]
      if (command) console.log(await command(rest.join(' ')))
      else if (!current) console.log('no peer chosen: /dial or /to first')
      else if (line.trim()) await client.send({ to: current, text: line })
    } catch (err) {
      console.log(`error: ${(err as Error).message}`)
    }
  })
}
