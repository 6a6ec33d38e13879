// Command-line parsing for the relay: every mistake becomes a ConfigError with one
// readable line, so the CLI can report it without a stack trace.
import { isIP } from 'node:net'
import { parseArgs } from 'node:util'
import { type Multiaddr, multiaddr } from '@multiformats/multiaddr'

export interface HttpAddress {
  host: string
  port: number
}

export interface RelayConfig {
  dataDir: string
  listen: Multiaddr[]
  /** Addresses to advertise instead of the listen addresses (empty: advertise what we listen on). */
  announce: Multiaddr[]
  http?: HttpAddress
  maxReservations: number
  maxConnections: number
  /** Handle directory requests each peer earns per minute, and may make at once. */
  directoryRate: number
  directoryBurst: number
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const defaults = {
  dataDir: './.data/relay',
  listen: ['/ip4/0.0.0.0/tcp/4001', '/ip4/0.0.0.0/tcp/4002/ws'],
  maxReservations: 1000,
  maxConnections: 2000,
  directoryRate: 10,
  directoryBurst: 20,
} as const

export const usage = `Usage: npm run relay -- [options]

  --data-dir DIR          identity key and handle directory (default ${defaults.dataDir})
  --listen MA             listen multiaddr, repeatable; replaces the defaults
                          (${defaults.listen.join(' and ')})
  --announce MA           advertise this multiaddr instead of the listen addresses,
                          repeatable; needed for a public relay
  --http HOST:PORT        serve /healthz and /metrics (port 0 picks a free port)
  --max-reservations N    concurrent relay reservations (default ${defaults.maxReservations})
  --max-connections N     concurrent connections (default ${defaults.maxConnections})
  --directory-rate N      handle directory requests per peer per minute (default ${defaults.directoryRate})
  --directory-burst N     handle directory requests a peer may make at once (default ${defaults.directoryBurst})
  -h, --help              show this help`

/** Parses the relay's arguments; returns 'help' when help was asked for. */
export function parseConfig(args: string[]): RelayConfig | 'help' {
  let values: ReturnType<typeof parse>['values']
  try {
    values = parse(args).values
  } catch (err) {
    // node:util messages are clear, but some run on over several lines of advice.
    throw new ConfigError(oneLine(err))
  }
  if (values.help === true) return 'help'
  return {
    dataDir: values['data-dir'] ?? defaults.dataDir,
    listen: (values.listen ?? defaults.listen).map((s) => parseMultiaddr('--listen', s)),
    announce: (values.announce ?? []).map((s) => parseMultiaddr('--announce', s)),
    http: values.http === undefined ? undefined : parseHttpAddress(values.http),
    maxReservations: parsePositive(
      '--max-reservations',
      values['max-reservations'],
      defaults.maxReservations,
    ),
    maxConnections: parsePositive(
      '--max-connections',
      values['max-connections'],
      defaults.maxConnections,
    ),
    directoryRate: parsePositive(
      '--directory-rate',
      values['directory-rate'],
      defaults.directoryRate,
    ),
    directoryBurst: parsePositive(
      '--directory-burst',
      values['directory-burst'],
      defaults.directoryBurst,
    ),
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      'data-dir': { type: 'string' },
      listen: { type: 'string', multiple: true },
      announce: { type: 'string', multiple: true },
      http: { type: 'string' },
      'max-reservations': { type: 'string' },
      'max-connections': { type: 'string' },
      'directory-rate': { type: 'string' },
      'directory-burst': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

function parseMultiaddr(flag: string, value: string): Multiaddr {
  try {
    return multiaddr(value)
  } catch {
    throw new ConfigError(`${flag}: '${value}' is not a valid multiaddr`)
  }
}

/** Accepts host:port, [ipv6]:port, and port 0 (the OS picks one). */
function parseHttpAddress(value: string): HttpAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value)
  const host = m?.[1] ?? m?.[2]
  const port = Number(m?.[3])
  if (host === undefined || port > 65535 || (m?.[1] !== undefined && isIP(host) !== 6)) {
    throw new ConfigError(`--http: expected HOST:PORT such as 127.0.0.1:9090, got '${value}'`)
  }
  return { host, port }
}

function parsePositive(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new ConfigError(`${flag}: expected a positive integer, got '${value}'`)
  }
  return n
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  return message.replace(/\s*\n\s*/g, ' ')
}
