// Browser mode: `npm run client -- --profile NAME [--relay ADDR] [--port N]` runs
// the core in this process and serves the same UI as the desktop app on
// http://127.0.0.1, to be opened in any browser with the printed URL. The URL is
// printed as soon as the server listens, before the core's code has loaded and the
// profile opened: the browser loads the page meanwhile, and the page's API socket
// is answered once the core is up.
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { followLock } from '../../protocol/follow-lock.ts'
import type { RpcPort } from '../../protocol/rpc.ts'
import { CORE_USAGE, clientOptions, fail, parseHostArgs, stopOnSignals } from '../host-options.ts'
import { checkProfileName, listProfiles, profileDir } from '../profiles.ts'
import { startBrowserServer } from './server.ts'

/** How long the core waits for a page opened at once to fetch its script. */
const PAGE_FIRST_MS = 300
const staticDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url))
const USAGE = `npm run client -- [--profile NAME] [--port N] ${CORE_USAGE} | --list-profiles`

const args = parseHostArgs(
  {
    profile: { type: 'string', default: 'default' },
    port: { type: 'string', default: '0' },
    'list-profiles': { type: 'boolean', default: false },
  },
  USAGE,
)
if (args['list-profiles']) {
  const described = {
    passphrase: 'passphrase',
    none: 'no passphrase',
    new: 'not set up',
    damaged: 'damaged key file',
  }
  for (const p of await listProfiles()) console.log(`${p.name.padEnd(33)} ${described[p.lock]}`)
  process.exit(0)
}
const problem = checkProfileName(args.profile)
if (problem) fail(problem)
const port = Number(args.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port ${args.port} is not a port`)
if (!existsSync(`${staticDir}/index.html`)) {
  fail('the UI is not built: run `npm run build:renderer` first (npm run client does it for you)')
}

// A fresh secret per launch: only the page we open with it may drive this profile.
const token = randomBytes(32).toString('base64url')
const api = Promise.withResolvers<(port: RpcPort) => void>()
const scriptServed = Promise.withResolvers<void>()
const server = await startBrowserServer({
  api: api.promise,
  staticDir,
  token,
  port,
  scriptServed: scriptServed.resolve,
}).catch((err: Error) => fail(`cannot serve on 127.0.0.1:${port}: ${err.message}`))
const address = server.address()
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/`
console.log(`Open ${url}#token=${token}`)
console.log('ready')

// The core's code (libp2p, LevelDB, libsignal, the API's schemas) loads once the
// page has its script, or a page opened at once would wait for it: evaluating that
// code holds the event loop, which serves the page. The browser runs the script
// meanwhile. A page that does not come soon is not waited for.
await Promise.race([scriptServed.promise, sleep(PAGE_FIRST_MS)])
const [{ openProfile }, { serveApi }] = await Promise.all([
  import('../core/profile-lock.ts'),
  import('../../protocol/rpc-serve.ts'),
])
const opening = openProfile(
  clientOptions(args, args['data-dir'] ?? profileDir(args.profile)),
).catch((err: Error) => fail(err.message))
// A signal while the profile opens stops it once open, so LevelDB is closed cleanly.
stopOnSignals(
  { stop: async () => (await opening).stop() },
  () => new Promise((resolve) => server.close(() => resolve())),
)

const core = await opening
api.resolve((page) => serveApi(core, page))
// The peer id is sealed with the profile: it is known once the profile is unlocked.
const announce = async () => {
  const { peerId } = await core.network({})
  console.log(`Parley profile "${args.profile}" (${peerId})`)
}
const { state } = await followLock(core, { unlocked: () => void announce() })
if (state !== 'unlocked')
  console.log(`Parley profile "${args.profile}" is ${state}: open the page to unlock it`)
