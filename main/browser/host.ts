// Browser mode: `npm run client -- --profile NAME [--relay ADDR] [--port N]` runs
// the core in this process and serves the same UI as the desktop app on
// http://127.0.0.1, to be opened in any browser with the printed URL.
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { followLock } from '../../protocol/follow-lock.ts'
import { openProfile } from '../core/profile-lock.ts'
import { CORE_USAGE, clientOptions, fail, parseHostArgs, stopOnSignals } from '../host-options.ts'
import { checkProfileName, listProfiles, profileDir } from '../profiles.ts'
import { startBrowserServer } from './server.ts'

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

const core = await openProfile(
  clientOptions(args, args['data-dir'] ?? profileDir(args.profile)),
).catch((err: Error) => fail(err.message))
// A fresh secret per launch: only the page we open with it may drive this profile.
const token = randomBytes(32).toString('base64url')
const server = await startBrowserServer({ core, staticDir, token, port }).catch(
  async (err: Error) => {
    await core.stop()
    return fail(`cannot serve on 127.0.0.1:${port}: ${err.message}`)
  },
)
stopOnSignals(core, () => new Promise((resolve) => server.close(() => resolve())))

// The peer id is sealed with the profile: it is known once the profile is unlocked.
const announce = async () => {
  const { peerId } = await core.identity({})
  console.log(`Parley profile "${args.profile}" (${peerId})`)
}
const { state } = await followLock(core, { unlocked: () => void announce() })
if (state !== 'unlocked')
  console.log(`Parley profile "${args.profile}" is ${state}: open the page to unlock it`)

const address = server.address()
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/`
console.log(`Open ${url}#token=${token}`)
console.log('ready')
