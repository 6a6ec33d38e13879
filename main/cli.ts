// `npm run cli`: runs the client core in this process. With a Node IPC channel
// (forked by tests or benchmarks) it serves the typed API on it, locked until
// the caller unlocks it; otherwise it asks for the passphrase and reads commands
// from the terminal, for trying Parley by hand.
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { followLock } from '../protocol/follow-lock.ts'
import { serveApi } from '../protocol/rpc-serve.ts'
import { openProfile, type ProfileCore } from './core/profile-lock.ts'
import { CORE_USAGE, clientOptions, fail, parseHostArgs, stopOnSignals } from './host-options.ts'
import { ipcPort } from './ipc-port.ts'

const USAGE = `npm run cli -- ${CORE_USAGE}`

const args = parseHostArgs({}, USAGE)
const core = await openProfile(clientOptions(args, args['data-dir'] ?? '.data/cli')).catch(
  (err: Error) => fail(err.message),
)

const announce = async () => {
  try {
    const { peerId, addresses } = await core.identity({})
    console.log(`Parley ${peerId}`)
    for (const a of addresses) console.log(`  ${a}`)
  } catch (err) {
    // The profile stays open, its history readable: the network is what failed.
    console.log(`Parley: ${(err as Error).message}`)
  }
}
const { state } = await followLock(core, { unlocked: () => void announce() })

const shutdown = stopOnSignals(core)

if (process.send) {
  if (state !== 'unlocked') console.log(`Parley profile is ${state}`)
  serveApi(core, ipcPort(process))
  process.on('disconnect', shutdown)
} else {
  await unlockAtTerminal(core)
  runTerminal(core)
}
console.log('ready')

/** Asks for the passphrase (or, for a new profile, a new one) until the profile opens. */
async function unlockAtTerminal(core: ProfileCore): Promise<void> {
  for (;;) {
    const { state } = await core.lockState({})
    try {
      if (state === 'unlocked') return
      if (state === 'locked') {
        await core.unlock({ passphrase: await askHidden('Passphrase: ') })
        continue
      }
      const chosen = await askHidden('New profile. Passphrase (empty for none): ')
      if (chosen && chosen !== (await askHidden('The same passphrase again: '))) {
        console.log('the two differ; again')
        continue
      }
      if (!chosen) console.log('warning: anyone who can read this folder can read your messages')
      await core.createLock({ passphrase: chosen || null })
    } catch (err) {
      console.log(`error: ${(err as Error).message}`)
    }
  }
}

/** One line from the terminal, not echoed. */
function askHidden(question: string): Promise<string> {
  process.stdout.write(question)
  // readline echoes what is typed to its output: here, nowhere.
  const nowhere = new Writable({ write: (_chunk, _encoding, done) => done() })
  const rl = createInterface({ input: process.stdin, output: nowhere, terminal: true })
  return new Promise((resolve) =>
    rl.question('', (answer) => {
      rl.close()
      process.stdout.write('\n')
      resolve(answer)
    }),
  )
}

function runTerminal(client: ProfileCore): void {
  let current: string | undefined
  client.on('message', (m) =>
    console.log(
      m.kind === 'identity-changed'
        ? `!! ${m.peerId.slice(-8)} has a new identity key: your safety number changed`
        : `<< ${m.sender.slice(-8)}: ${m.text}`,
    ),
  )
  client.on('delivered', (d) => console.log(`   delivered ${d.id}`))
  client.on('path', (p) => console.log(`   ${p.peerId.slice(-8)} is ${p.path ?? 'offline'}`))
  client.on('contact', (c) => console.log(`   ${c.peerId} (${c.displayName}) is ${c.state}`))
  console.log(
    'commands: /invite, /add CODE [GREETING], /accept PEER, /contacts, /dial MULTIADDR,',
    '/to PEER, /list, /history, /net, /nat, /quit; other lines are sent',
  )

  const commands: Record<string, (arg: string) => Promise<unknown>> = {
    '/invite': async () => (await client.invite({})).code,
    '/add': async (arg) => {
      const [code = '', ...greeting] = arg.split(' ')
      const contact = await client.addContact({ code, greeting: greeting.join(' ') })
      current = contact.peerId
      return `${contact.peerId} is ${contact.state}`
    },
    '/accept': async (peer) => client.acceptContact({ peerId: peer }),
    '/contacts': async () => client.contacts({}),
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
    // STUN to the relays: the NAT type, our public address, what each endpoint saw.
    '/nat': async () => client.testConnectivity({}),
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
