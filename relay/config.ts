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
  /** Where to answer STUN binding requests (UDP); undefined with `--stun off`. */
  stun?: HttpAddress
  /** --stun was given: failing to bind it is an error rather than a warning. */
  stunExplicit: boolean
  /**
   * A second STUN port on the --stun host, so that clients can tell a cone NAT (one
   * mapping whatever the destination) from a symmetric one; undefined when off.
   */
  stunAltPort?: number
  /** --stun-alt was given: failing to bind it is an error rather than a warning. */
  stunAltExplicit: boolean
  maxReservations: number
  maxConnections: number
  /** Handle directory requests each peer earns per minute, and may make at once. */
  directoryRate: number
  directoryBurst: number
  /** How long mailbox items are kept, in ms. */
  mailboxTtlMs: number
  /** Items and envelope bytes one recipient's mailbox may hold; bytes all mailboxes may hold. */
  mailboxItems: number
  mailboxBytes: number
  mailboxTotalBytes: number
  /** Mailbox requests each peer earns per minute, and may make at once. */
  mailboxRate: number
  mailboxBurst: number
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const defaults = {
  dataDir: './.data/relay',
  listen: ['/ip4/0.0.0.0/tcp/4001', '/ip4/0.0.0.0/tcp/4002/ws'],
  stun: '0.0.0.0:3478',
  maxReservations: 1000,
  maxConnections: 2000,
  directoryRate: 10,
  directoryBurst: 20,
  mailboxTtl: '30d',
  mailboxItems: 2000,
  mailboxBytes: '32MiB',
  mailboxTotalBytes: '1GiB',
  mailboxRate: 600,
  mailboxBurst: 200,
} as const

export const usage = `Usage: npm run relay -- [options]

  --data-dir DIR          identity key, handle directory and mailbox (default ${defaults.dataDir})
  --listen MA             listen multiaddr, repeatable; replaces the defaults
                          (${defaults.listen.join(' and ')})
  --announce MA           advertise this multiaddr instead of the listen addresses,
                          repeatable; needed for a public relay
  --http HOST:PORT        serve /healthz and /metrics (port 0 picks a free port)
  --stun HOST:PORT|off    answer STUN binding requests on this UDP address, so that
                          clients find their public address for WebRTC
                          (default ${defaults.stun}; clients learn the port)
  --stun-alt PORT|off     a second UDP port for STUN on the same host, with which
                          clients tell cone NATs from symmetric ones (default: the
                          --stun port + 1, or any free port when that is 0)
  --max-reservations N    concurrent relay reservations (default ${defaults.maxReservations})
  --max-connections N     concurrent connections (default ${defaults.maxConnections})
  --directory-rate N      handle directory requests per peer per minute (default ${defaults.directoryRate})
  --directory-burst N     handle directory requests a peer may make at once (default ${defaults.directoryBurst})
  --mailbox-ttl TIME      how long mail waits for its recipient, e.g. 30d, 12h, 90s, 500ms
                          (default ${defaults.mailboxTtl})
  --mailbox-items N       items one recipient's mailbox may hold (default ${defaults.mailboxItems})
  --mailbox-bytes SIZE    bytes one recipient's mailbox may hold, e.g. 32MiB (default ${defaults.mailboxBytes})
  --mailbox-total-bytes SIZE  bytes all mailboxes together may hold (default ${defaults.mailboxTotalBytes})
  --mailbox-rate N        mailbox requests per peer per minute (default ${defaults.mailboxRate})
  --mailbox-burst N       mailbox requests a peer may make at once (default ${defaults.mailboxBurst})
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
    http: values.http === undefined ? undefined : parseHttpAddress('--http', values.http),
    stun:
      values.stun === 'off' ? undefined : parseHttpAddress('--stun', values.stun ?? defaults.stun),
    stunExplicit: values.stun !== undefined,
    ...stunAlt(values['stun-alt'], values.stun ?? defaults.stun),
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
    mailboxTtlMs: parseDuration('--mailbox-ttl', values['mailbox-ttl'] ?? defaults.mailboxTtl),
    mailboxItems: parsePositive('--mailbox-items', values['mailbox-items'], defaults.mailboxItems),
    mailboxBytes: parseSize('--mailbox-bytes', values['mailbox-bytes'] ?? defaults.mailboxBytes),
    mailboxTotalBytes: parseSize(
      '--mailbox-total-bytes',
      values['mailbox-total-bytes'] ?? defaults.mailboxTotalBytes,
    ),
    mailboxRate: parsePositive('--mailbox-rate', values['mailbox-rate'], defaults.mailboxRate),
    mailboxBurst: parsePositive('--mailbox-burst', values['mailbox-burst'], defaults.mailboxBurst),
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
      stun: { type: 'string' },
      'stun-alt': { type: 'string' },
      'max-reservations': { type: 'string' },
      'max-connections': { type: 'string' },
      'directory-rate': { type: 'string' },
      'directory-burst': { type: 'string' },
      'mailbox-ttl': { type: 'string' },
      'mailbox-items': { type: 'string' },
      'mailbox-bytes': { type: 'string' },
      'mailbox-total-bytes': { type: 'string' },
      'mailbox-rate': { type: 'string' },
      'mailbox-burst': { type: 'string' },
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
function parseHttpAddress(flag: string, value: string): HttpAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value)
  const host = m?.[1] ?? m?.[2]
  const port = Number(m?.[3])
  if (host === undefined || port > 65535 || (m?.[1] !== undefined && isIP(host) !== 6)) {
    throw new ConfigError(`${flag}: expected HOST:PORT such as 127.0.0.1:9090, got '${value}'`)
  }
  return { host, port }
}

/** The alternate STUN port: given, off, or next to the main one. */
function stunAlt(
  value: string | undefined,
  stun: string,
): Pick<RelayConfig, 'stunAltPort' | 'stunAltExplicit'> {
  if (value === 'off' || stun === 'off') return { stunAltExplicit: value !== undefined }
  if (value !== undefined) {
    const port = Number(value)
    if (!/^\d{1,5}$/.test(value) || port > 65535) {
      throw new ConfigError(`--stun-alt: expected a UDP port or 'off', got '${value}'`)
    }
    return { stunAltPort: port, stunAltExplicit: true }
  }
  const main = Number(stun.slice(stun.lastIndexOf(':') + 1))
  return { stunAltPort: main === 0 || main === 65535 ? 0 : main + 1, stunAltExplicit: false }
}

function parsePositive(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new ConfigError(`${flag}: expected a positive integer, got '${value}'`)
  }
  return n
}

const DURATION_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** A positive whole number of ms, s, m, h or d, in milliseconds. */
function parseDuration(flag: string, value: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(value)
  const ms = m ? Number(m[1]) * DURATION_MS[m[2] as keyof typeof DURATION_MS] : 0
  if (!Number.isSafeInteger(ms) || ms < 1) {
    throw new ConfigError(
      `${flag}: expected a duration such as 30d, 12h, 90s or 500ms, got '${value}'`,
    )
  }
  return ms
}

const SIZE_BYTES = { '': 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 } as const

/** A positive whole number of bytes, KiB, MiB or GiB, in bytes. */
function parseSize(flag: string, value: string): number {
  const m = /^(\d+)(KiB|MiB|GiB)?$/.exec(value)
  const bytes = m ? Number(m[1]) * SIZE_BYTES[(m[2] ?? '') as keyof typeof SIZE_BYTES] : 0
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new ConfigError(
      `${flag}: expected a size such as 32MiB, 512KiB or 1000000, got '${value}'`,
    )
  }
  return bytes
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  return message.replace(/\s*\n\s*/g, ' ')
}
