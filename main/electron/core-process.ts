// The desktop app's core: an Electron utility process that owns the profile (one
// libp2p node, one LevelDB, locked until the UI gives the passphrase). The main
// process starts it with a 'start' message, then hands it one MessagePort per
// client (each window, and the main process's own tray client) with 'connect';
// 'stop' closes LevelDB cleanly and exits.
import type { MessagePortMain } from 'electron'
import { serveApi } from '../../protocol/rpc-serve.ts'
import { openProfile, type ProfileCore } from '../core/profile-lock.ts'
import { clientOptions } from '../host-options.ts'
import { type CoreNotice, type CoreStart, coreCommand } from './core-messages.ts'
import { mainPortAdapter } from './main-port.ts'

const STOP_DEADLINE_MS = 5_000
const parent = process.parentPort
const notify = (notice: CoreNotice) => parent.postMessage(notice)

/** The core, or undefined if it failed to start (the main process was told why). */
let started: Promise<ProfileCore | undefined> | undefined
let stopping = false

async function start(options: CoreStart): Promise<ProfileCore | undefined> {
  try {
    return await openProfile(clientOptions(options, options.dataDir))
  } catch (err) {
    // Stay up until told to stop: exiting now could lose this notice.
    notify({ type: 'failed', message: (err as Error).message })
    return undefined
  }
}

async function connect(port: MessagePortMain): Promise<void> {
  const core = await started
  if (!core) return port.close()
  serveApi(core, mainPortAdapter(port))
}

function stop(): void {
  if (stopping) return
  stopping = true
  setTimeout(() => process.exit(1), STOP_DEADLINE_MS).unref()
  Promise.resolve(started)
    .then((core) => core?.stop())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    )
}

parent.on('message', (event) => {
  const parsed = coreCommand.safeParse(event.data)
  if (!parsed.success || stopping) return
  const command = parsed.data
  switch (command.type) {
    case 'start':
      started ??= start(command)
      return
    case 'connect':
      for (const port of event.ports) void connect(port)
      return
    case 'stop':
      stop()
  }
})

// A terminal's Ctrl-C reaches this process too, but the main process turns it into
// a quit and sends 'stop': wait for that rather than die with LevelDB open.
process.on('SIGINT', () => {})
// SIGTERM stops cleanly; while stopping it is the main process's kill at its deadline.
process.on('SIGTERM', () => (stopping ? process.exit(1) : stop()))
