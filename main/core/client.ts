// The client core: one libp2p node, one LevelDB, and the typed API over them.
// Hosts (CLI, Electron utility process, browser mode) create it and serve it.
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { LevelDatastore } from 'datastore-level'
import type { Level } from 'level'
import {
  ApiError,
  type ApiParams,
  type Conversation,
  type Identity,
  type Message,
  type NetworkStatus,
  type ParleyEvents,
  type PeerPath,
} from '../../protocol/api.ts'
import { Emitter } from '../../protocol/emitter.ts'
import { HybridClock } from '../../protocol/hlc.ts'
import { MAX_PAGE } from '../../protocol/limits.ts'
import type { ParleyCore } from '../../protocol/rpc.ts'
import { ChatService } from './chat-service.ts'
import { createNode } from './node.ts'
import { LanPeers, PathTracker } from './paths.ts'
import { ChatStore } from './store.ts'

export interface ClientOptions {
  /** Where this profile's LevelDB lives. */
  dataDir: string
  /** Relay multiaddrs, each ending in /p2p/<relay peer id>. */
  relays?: string[]
  /** Listen multiaddrs; by default TCP and WebSockets on every interface, random ports. */
  listen?: string[]
  /** Find and be found by peers on the LAN (default true). */
  mdns?: boolean
  log?: (line: string) => void
}

export const DEFAULT_LISTEN = ['/ip4/0.0.0.0/tcp/0', '/ip4/0.0.0.0/tcp/0/ws']

const DEFAULT_PAGE = 50

export interface ParleyClient extends ParleyCore {
  readonly peerId: string
  stop(): Promise<void>
}

export async function createClient(options: ClientOptions): Promise<ParleyClient> {
  const relays = options.relays ?? []
  for (const r of relays) checkRelayAddr(r)
  const log = options.log ?? ((line: string) => console.error(line))
  const store = await ChatStore.open(options.dataDir)
  try {
    return await startClient(store, options, relays, log)
  } catch (err) {
    await store.close()
    throw err
  }
}

async function startClient(
  store: ChatStore,
  options: ClientOptions,
  relays: string[],
  log: (line: string) => void,
): Promise<ParleyClient> {
  const events = new Emitter<ParleyEvents>()
  const relayIds = new Set(
    relays.map(
      (r) =>
        multiaddr(r)
          .getComponents()
          .findLast((c) => c.name === 'p2p')?.value ?? '',
    ),
  )
  const lan = new LanPeers()
  let paths: PathTracker | undefined
  const node = await createNode({
    privateKey: await loadIdentity(store),
    datastore: new LevelDatastore(store.sublevel('peers') as unknown as Level<string, Uint8Array>),
    listen: options.listen ?? DEFAULT_LISTEN,
    relays,
    mdns: options.mdns ?? true,
    onLanPeer: (peerId, addrs) => {
      lan.record(peerId, addrs)
      paths?.refresh(peerId.toString())
    },
  })
  paths = new PathTracker(node, lan, relayIds, (p) => events.emit('path', p))
  const clock = new HybridClock()
  const latest = store.latestClock()
  if (latest) clock.restore(latest)
  const chat = new ChatService({ node, store, clock, events, paths, relays, log })
  await chat.start()
  const tracker = paths

  const identity = (): Identity => ({
    peerId: node.peerId.toString(),
    addresses: node.getMultiaddrs().map(String),
  })
  const network = (): NetworkStatus => {
    const addresses = identity().addresses
    return {
      ...identity(),
      relays: relays.map((addr) => ({
        addr,
        reserved: addresses.some((a) => a.startsWith(`${addr}/p2p-circuit`)),
      })),
      peers: tracker.all(),
    }
  }
  node.addEventListener('self:peer:update', () => events.emit('network', network()))

  return {
    peerId: node.peerId.toString(),
    on: (name, listener) => events.on(name, listener),
    identity: async () => identity(),
    network: async () => network(),
    async dial({ addr }: ApiParams['dial']): Promise<PeerPath> {
      let target: ReturnType<typeof multiaddr>
      try {
        target = multiaddr(addr)
      } catch {
        throw new ApiError('bad-request', `not a multiaddr: ${addr}`)
      }
      try {
        const conn = await node.dial(target, { signal: AbortSignal.timeout(10_000) })
        return tracker.status(conn.remotePeer.toString())
      } catch (err) {
        throw new ApiError('unreachable', `cannot dial ${addr}: ${(err as Error).message}`)
      }
    },
    send: ({ to, text }: ApiParams['send']): Promise<Message> => chat.send(to, text),
    conversations: async ({ limit }: ApiParams['conversations']): Promise<Conversation[]> =>
      store.listConversations(limit ?? MAX_PAGE),
    history: ({ conversationId, before, limit }: ApiParams['history']): Promise<Message[]> =>
      store.history(conversationId, limit ?? DEFAULT_PAGE, before),
    markRead: ({ conversationId }: ApiParams['markRead']) => store.markRead(conversationId),
    async stop() {
      await chat.stop()
      await node.stop()
      await store.close()
    },
  }
}

function checkRelayAddr(addr: string): void {
  let ma: ReturnType<typeof multiaddr>
  try {
    ma = multiaddr(addr)
  } catch {
    throw new ApiError('bad-request', `relay address is not a multiaddr: ${addr}`)
  }
  if (ma.getComponents().at(-1)?.name !== 'p2p') {
    throw new ApiError('bad-request', `relay address must end in /p2p/<peer id>: ${addr}`)
  }
}

/** The profile's Ed25519 key, created on first start; it never leaves the core. */
async function loadIdentity(store: ChatStore): Promise<PrivateKey> {
  const stored = await store.getMeta('identity')
  if (stored) return privateKeyFromProtobuf(stored)
  const key = await generateKeyPair('Ed25519')
  await store.putMeta('identity', privateKeyToProtobuf(key))
  return key
}
