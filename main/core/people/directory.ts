// Handles (@alice) in relays' directories: claiming one for this profile, releasing
// it, and looking others up. Records are signed here with the profile's key, which
// never leaves the core, and records looked up are verified here rather than taken
// on a relay's word. Each relay's directory is its own namespace: a profile may hold
// one handle on each.
import type { Libp2p, PrivateKey, Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import {
  ApiError,
  type ApiErrorCode,
  type ApiParams,
  type HandleClaim,
  type HandleRecord,
} from '../../../protocol/api.ts'
import {
  type DirectoryRequest,
  type DirectoryResponse,
  type DirectoryStatus,
  decodeResponse,
  encodeRequest,
  MAX_DIRECTORY_MESSAGE_BYTES,
  MAX_RECORD_ADDRESSES,
  openRecord,
  signRecord,
} from '../../../protocol/directory.ts'
import { normaliseHandle } from '../../../protocol/handle.ts'
import { DIRECTORY_PROTOCOL } from '../../../protocol/ids.ts'
import { circuitTo } from '../net/addrs.ts'
import type { Settings } from '../store/settings.ts'

const REQUEST_TIMEOUT_MS = 10_000

/** What a refusal means to the API's caller. */
const ERROR_CODE: Record<Exclude<DirectoryStatus, 'ok'>, ApiErrorCode> = {
  'not-found': 'not-found',
  taken: 'conflict',
  forbidden: 'conflict',
  stale: 'conflict',
  invalid: 'bad-request',
  'too-large': 'bad-request',
  'rate-limited': 'rate-limited',
}

export interface DirectoryOptions {
  privateKey: PrivateKey
  peerId: string
  settings: Pick<Settings, 'get' | 'put'>
  node: Libp2p
  /** The relays the node runs with; a handle is held on one of them. */
  relays: readonly string[]
  displayName(): string | null
}

/** Kept with the profile: the last seq signed, and the handle held on each relay. */
interface Held {
  seq: number
  handles: Record<string, string>
}

const HELD_SETTING = 'directory'

export class HandleDirectory {
  private changing: Promise<unknown> = Promise.resolve()

  constructor(private readonly o: DirectoryOptions) {}

  /** Claims `handle` on a relay (by default the first), or updates the record held there. */
  async claim({ handle: text, relay: chosen }: ApiParams['claimHandle']): Promise<HandleClaim> {
    const handle = normalised(text)
    const relay = chosen ?? this.o.relays[0]
    if (relay === undefined) throw new ApiError('bad-request', 'no relay to hold a handle: add one')
    if (!this.o.relays.includes(relay)) {
      throw new ApiError('bad-request', `not one of your relays: ${relay}`)
    }
    return this.exclusive(async () => {
      const held = await this.held()
      // Stored before it is sent, so that no seq is ever signed twice.
      const seq = Math.max(Date.now(), held.seq + 1)
      await this.save({ ...held, seq })
      const signed = await signRecord(
        {
          handle,
          peerId: this.o.peerId,
          addresses: this.addresses(relay),
          displayName: this.o.displayName() ?? '',
          seq,
        },
        this.o.privateKey,
      )
      expectOk(await askDirectory(this.o.node, relay, { kind: 'claim', signed }))
      await this.save({ seq, handles: { ...held.handles, [relay]: handle } })
      return { handle, relay }
    })
  }

  /** The handles this profile holds, one per relay at most. */
  async mine(): Promise<HandleClaim[]> {
    const { handles } = await this.held()
    return Object.entries(handles).map(([relay, handle]) => ({ handle, relay }))
  }

  /** Releases the handle held on a relay (by default the first that holds one). */
  release({ relay: chosen }: ApiParams['releaseHandle']): Promise<HandleClaim> {
    return this.exclusive(async () => {
      const held = await this.held()
      const relay = chosen ?? Object.keys(held.handles)[0]
      const handle = relay === undefined ? undefined : held.handles[relay]
      if (relay === undefined || handle === undefined) {
        throw new ApiError(
          'not-found',
          chosen ? `you hold no handle on ${chosen}` : 'you hold no handle',
        )
      }
      const response = await askDirectory(this.o.node, relay, { kind: 'release', handle })
      // Not there any more is as good as released.
      if (response.status !== 'not-found') expectOk(response)
      const { [relay]: _, ...rest } = held.handles
      await this.save({ ...held, handles: rest })
      return { handle, relay }
    })
  }

  /** Asks every relay; the first in the list that knows the handle answers. */
  async lookup({ handle: text }: ApiParams['lookupHandle']): Promise<HandleRecord> {
    const handle = normalised(text)
    const relays = this.o.relays
    if (relays.length === 0) throw new ApiError('bad-request', 'no relay to ask: add one')
    const answers = await Promise.all(relays.map((relay) => this.lookupOn(relay, handle)))
    const found = answers.find((a): a is HandleRecord => !(a instanceof ApiError))
    if (found) return found
    const errors = answers as ApiError[]
    const notFound = errors.some((e) => e.code === 'not-found')
    const failed = errors.filter((e) => e.code !== 'not-found').map((e) => e.message)
    if (!notFound) throw new ApiError(errors[0]?.code ?? 'internal', failed.join('; '))
    const also =
      failed.length > 0 ? `; ${failed.length} could not answer: ${failed.join('; ')}` : ''
    throw new ApiError('not-found', `no one holds @${handle} on your relays${also}`)
  }

  private async lookupOn(relay: string, handle: string): Promise<HandleRecord | ApiError> {
    try {
      const response = await askDirectory(this.o.node, relay, { kind: 'lookup', handle })
      expectOk(response)
      const opened = response.record && (await openRecord(response.record))
      if (!opened?.ok || opened.record.handle !== handle) {
        throw new ApiError('unreachable', `${relay} answered with a record that fails verification`)
      }
      const { peerId, displayName, addresses } = opened.record
      return { handle, peerId, displayName, addresses, relay }
    } catch (err) {
      return err instanceof ApiError ? err : new ApiError('internal', (err as Error).message)
    }
  }

  /**
   * Where others reach us: through relays only, as in invite codes. A public record
   * must not publish our own IP addresses; once connected, identify tells a contact
   * our direct addresses and the chat moves off the relay if it can.
   */
  private addresses(relay: string): string[] {
    const own = this.o.node
      .getMultiaddrs()
      .map(String)
      .filter((a) => a.includes('/p2p-circuit'))
    const throughRelay = circuitTo(relay, this.o.peerId)
    return [...new Set([throughRelay, ...own])].slice(0, MAX_RECORD_ADDRESSES)
  }

  private async held(): Promise<Held> {
    return (await this.o.settings.get<Held>(HELD_SETTING)) ?? { seq: 0, handles: {} }
  }

  private save(held: Held): Promise<void> {
    return this.o.settings.put(HELD_SETTING, held)
  }

  private exclusive<T>(change: () => Promise<T>): Promise<T> {
    const run = this.changing.then(change)
    this.changing = run.catch(() => {})
    return run
  }
}

/** Sends one request to a relay's directory and reads the answer. */
export async function askDirectory(
  node: Libp2p,
  relay: string,
  request: DirectoryRequest,
): Promise<DirectoryResponse> {
  const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS)
  let stream: Stream | undefined
  try {
    stream = await node.dialProtocol(multiaddr(relay), DIRECTORY_PROTOCOL, { signal })
    const lp = lpStream(stream, { maxDataLength: MAX_DIRECTORY_MESSAGE_BYTES })
    await lp.write(encodeRequest(request), { signal })
    const decoded = decodeResponse(await lp.read({ signal }))
    await stream.close({ signal })
    if (!decoded.ok) throw new Error(decoded.error.reason)
    return decoded.response
  } catch (err) {
    stream?.abort(err as Error)
    throw new ApiError(
      'unreachable',
      `the directory on ${relay} did not answer: ${(err as Error).message}`,
    )
  }
}

function normalised(text: string): string {
  const result = normaliseHandle(text)
  if (!result.ok) throw new ApiError('bad-request', result.reason)
  return result.handle
}

function expectOk(response: DirectoryResponse): void {
  if (response.status !== 'ok') throw new ApiError(ERROR_CODE[response.status], response.reason)
}
