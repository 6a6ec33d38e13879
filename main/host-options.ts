// What every host of the core shares: the command-line options that configure the
// core, one-line errors with exit code 2, and a clean stop on SIGINT/SIGTERM.
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { turnUrlProblem } from '../protocol/turn.ts'
import type { IceServer } from './core/net/ice.ts'
import type { ProfileOptions } from './core/profile-lock.ts'

export const coreArgs = {
  'data-dir': { type: 'string' },
  relay: { type: 'string', multiple: true, default: [] },
  listen: { type: 'string', multiple: true },
  mdns: { type: 'boolean', default: true },
  // --no-webrtc: relayed peers stay relayed (no /webrtc listener, no upgrade).
  webrtc: { type: 'boolean', default: true },
  // turn:USER:PASSWORD@HOST:PORT (or turns:), repeatable; saved in the profile's settings.
  turn: { type: 'string', multiple: true },
  // --no-upnp: do not ask the LAN's router (UPnP IGD) to forward our TCP ports.
  upnp: { type: 'boolean', default: true },
  // --no-passphrase: a new profile is created without one (for scripts and tests).
  passphrase: { type: 'boolean', default: true },
  help: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options']

export const CORE_USAGE =
  '[--relay MULTIADDR]... [--listen MULTIADDR|none]... [--no-mdns] [--no-webrtc] [--turn turn:USER:PASS@HOST:PORT]... [--no-upnp] [--no-passphrase] [--data-dir DIR]'

/** Prints one line and exits with code 2: for bad configuration. */
export function fail(message: string): never {
  console.error(`parley: ${message}`)
  process.exit(2)
}

/** Parses argv with the core's options plus `extra`; --help prints `usage`. */
export function parseHostArgs<E extends NonNullable<ParseArgsConfig['options']>>(
  extra: E,
  usage: string,
) {
  try {
    const { values } = parseArgs({
      options: { ...coreArgs, ...extra },
      allowNegative: true,
      strict: true,
    })
    if ((values as { help?: boolean }).help) {
      console.log(`usage: ${usage}`)
      process.exit(0)
    }
    return values
  } catch (err) {
    fail(`${(err as Error).message}\nusage: ${usage}`)
  }
}

export function clientOptions(
  values: {
    relay: string[]
    listen?: string[] | undefined
    mdns: boolean
    webrtc?: boolean
    turn?: string[] | undefined
    upnp?: boolean
    passphrase?: boolean
  },
  dataDir: string,
): ProfileOptions {
  return {
    dataDir,
    createUnprotected: values.passphrase === false,
    relays: values.relay,
    // `--listen none`: no listeners of our own, reachable only through relays; none
    // given: the core's default. (Nothing here loads the core: hosts load it lazily.)
    listen: values.listen?.includes('none') ? [] : values.listen,
    mdns: values.mdns,
    webrtc: values.webrtc !== false,
    // On by default for people's hosts (desktop, browser mode, terminal); tests turn it off.
    upnp: values.upnp !== false,
    ...(values.turn ? { turn: values.turn.map(turnOption) } : {}),
  }
}

function turnOption(spec: string): IceServer {
  try {
    return parseTurn(spec)
  } catch (err) {
    fail(`--turn: ${(err as Error).message}`)
  }
}

/**
 * turn:USER:PASSWORD@HOST:PORT (or turns:) as an ICE server; anything else throws,
 * saying why without the password (error messages end up in logs and terminals).
 */
export function parseTurn(spec: string): IceServer {
  const m = /^(turns?):([^:@]+):([^@]+)@(.+:\d{1,5}(?:\?transport=(?:udp|tcp))?)$/.exec(spec)
  if (!m) throw new Error(`expected turn:USER:PASSWORD@HOST:PORT, got '${withoutPassword(spec)}'`)
  const url = `${m[1]}:${m[4]}`
  // The same checks as Settings' (the API's): one list, however it was given.
  const problem = turnUrlProblem(url)
  if (problem) throw new Error(problem)
  return { urls: [url], username: m[2] as string, credential: m[3] as string }
}

/** A --turn value as it may be shown: what stands between USER: and the last @ is hidden. */
function withoutPassword(spec: string): string {
  const at = spec.lastIndexOf('@')
  const user = /^(turns?:[^:@]*:)/.exec(spec)?.[1]
  if (user === undefined) return spec.includes('@') ? '…' : spec.replace(/:[^:]*$/, ':…')
  return `${user}…${at > user.length ? spec.slice(at) : ''}`
}

/** Stops the core cleanly (LevelDB closed) on SIGINT/SIGTERM, then exits. */
export function stopOnSignals(
  core: { stop(): Promise<void> },
  before: () => Promise<void> = async () => {},
) {
  let stopping = false
  const shutdown = async () => {
    if (stopping) return
    stopping = true
    setTimeout(() => process.exit(1), 5_000).unref()
    await before()
    await core.stop()
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
  return shutdown
}
