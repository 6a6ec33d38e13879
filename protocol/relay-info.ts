// What a relay tells its clients about itself, on /parley/relay-info/1.0.0: one
// length-prefixed JSON object per stream, relay to client. Today that is the UDP
// port of its STUN responder; the client pairs it with the host of the relay
// address it was given, so the STUN server is wherever the relay is.
import { multiaddr } from '@multiformats/multiaddr'
import * as z from 'zod'

export const RELAY_INFO_PROTOCOL = '/parley/relay-info/1.0.0'

/** Largest relay-info message either side writes or reads. */
export const MAX_RELAY_INFO_BYTES = 1024

export interface RelayInfo {
  /** The UDP port the relay answers STUN binding requests on; absent when it does not. */
  stunPort?: number
  /**
   * A second STUN port on the same host: the same answer from both ports means the
   * NAT keeps one mapping for every destination (cone), different ones a symmetric NAT.
   */
  stunAltPort?: number
}

/** Made at the first decode: the relay only encodes, and so never loads zod. */
let schema: z.ZodType<RelayInfo> | undefined
function relayInfoSchema(): z.ZodType<RelayInfo> {
  const port = z.number().int().min(1).max(65535)
  schema ??= z.object({ stunPort: port.optional(), stunAltPort: port.optional() })
  return schema
}

export function encodeRelayInfo(info: RelayInfo): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(info))
}

/** Unknown fields are ignored (a newer relay may say more); anything malformed is undefined. */
export function decodeRelayInfo(bytes: Uint8Array): RelayInfo | undefined {
  if (bytes.byteLength > MAX_RELAY_INFO_BYTES) return undefined
  try {
    const parsed = relayInfoSchema().safeParse(
      JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)),
    )
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/**
 * The STUN URL for a relay: the host of its multiaddr (an IP or a DNS name) and the
 * port it announced, e.g. stun:198.51.100.7:3478 or stun:[2001:db8::7]:3478.
 */
export function stunUrl(relayAddr: string, port: number): string | undefined {
  const host = stunHost(relayAddr)
  if (!host) return undefined
  return host.includes(':') ? `stun:[${host}]:${port}` : `stun:${host}:${port}`
}

/** The host (an IP or a DNS name) of a relay's multiaddr, where its STUN responder is. */
export function stunHost(relayAddr: string): string | undefined {
  let components: { name: string; value?: string }[]
  try {
    components = multiaddr(relayAddr).getComponents()
  } catch {
    return undefined
  }
  return components.find((c) => ['ip4', 'ip6', 'dns', 'dns4', 'dns6'].includes(c.name))?.value
}
