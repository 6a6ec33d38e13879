// `npm run cli`: runs the client core in this process. With a Node IPC channel
// (forked by tests or benchmarks) it serves the typed API on it; otherwise it reads
// commands from the terminal, for trying Parley by hand.
import { createInterface } from 'node:readline'
import { serveApi } from '../protocol/rpc.ts'
import { createClient, type ParleyClient } from './core/client.ts'
import { CORE_USAGE, clientOptions, fail, parseHostArgs, stopOnSignals } from './host-options.ts'
import { ipcPort } from './ipc-port.ts'

const USAGE = `npm run cli -- ${CORE_USAGE}`

const args = parseHostArgs({}, USAGE)
const client = await createClient(clientOptions(args, args['data-dir'] ?? '.data/cli')).catch(
  (err: Error) => fail(err.message),
)

const { peerId, addresses } = await client.identity({})
console.log(`Parley ${peerId}`)
for (const a of addresses) console.log(`  ${a}`)

const shutdown = stopOnSignals(client)

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
