// What the whole UI shares: my profile, contacts, conversations and the network,
// loaded once from the API and then kept current by its events.
import type {
  Contact,
  Conversation,
  Message,
  NearbyPeer,
  NetworkStatus,
  OwnStatus,
  Path,
  PeerPath,
  PeerPresence,
  Profile,
} from '../../../protocol/api.ts'

export interface AppState {
  profile: Profile
  /** By peer id. */
  contacts: ReadonlyMap<string, Contact>
  /** Direct conversations, by the other party's peer id. */
  conversations: ReadonlyMap<string, Conversation>
  /** The best path to each peer we know of; a missing peer is offline. */
  paths: ReadonlyMap<string, PeerPath>
  network: NetworkStatus | null
  /** What I show others. */
  myStatus: OwnStatus
  /** Each contact's status, by peer id; a missing one is offline. */
  presence: ReadonlyMap<string, PeerPresence>
  /** The peers typing to me right now. */
  typing: ReadonlySet<string>
  /** People on the LAN, found by mDNS. */
  nearby: readonly NearbyPeer[]
}

export type Action =
  | { type: 'profile'; profile: Profile }
  | { type: 'contact'; contact: Contact }
  | { type: 'message'; message: Message }
  | { type: 'read'; peerId: string }
  | { type: 'path'; peer: PeerPath }
  /** A message or receipt came by this path: the peer is connected. */
  | { type: 'seen'; peerId: string; path: Path }
  | { type: 'network'; network: NetworkStatus }
  | { type: 'my-status'; status: OwnStatus }
  | { type: 'presence'; presence: PeerPresence }
  | { type: 'typing'; peerId: string; active: boolean }
  | { type: 'nearby'; nearby: NearbyPeer[] }

/** Same as the core's: a preview is the start of the text. */
const PREVIEW_CHARS = 120

export function initialState(init: {
  profile: Profile
  contacts: Contact[]
  conversations: Conversation[]
  network: NetworkStatus | null
  presence?: { status: OwnStatus; contacts: PeerPresence[] } | null
  nearby?: NearbyPeer[]
}): AppState {
  return {
    profile: init.profile,
    contacts: new Map(init.contacts.map((c) => [c.peerId, c])),
    conversations: new Map(init.conversations.map((c) => [c.peerId, c])),
    paths: pathsOf(init.network?.peers ?? []),
    network: init.network,
    myStatus: init.presence?.status ?? 'online',
    presence: new Map((init.presence?.contacts ?? []).map((p) => [p.peerId, p])),
    typing: new Set(),
    nearby: init.nearby ?? [],
  }
}

function pathsOf(peers: PeerPath[]): Map<string, PeerPath> {
  return new Map(peers.map((p) => [p.peerId, p]))
}

function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): Map<K, V> {
  const next = new Map(map)
  next.set(key, value)
  return next
}

export function reducer(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'profile':
      return { ...state, profile: action.profile }
    case 'contact':
      return {
        ...state,
        contacts: withEntry(state.contacts, action.contact.peerId, action.contact),
      }
    case 'message': {
      const m = action.message
      // A message from someone ends their typing.
      if (m.direction === 'in' && state.typing.has(m.peerId)) {
        state = reducer(state, { type: 'typing', peerId: m.peerId, active: false })
      }
      const prev = state.conversations.get(m.peerId)
      const newer = !prev || prev.lastActivity <= m.hlc.wall
      const conversation: Conversation = {
        id: m.conversationId,
        peerId: m.peerId,
        lastActivity: Math.max(prev?.lastActivity ?? 0, m.hlc.wall),
        lastMessage: newer
          ? { text: m.text.slice(0, PREVIEW_CHARS), direction: m.direction }
          : (prev?.lastMessage ?? null),
        unread: (prev?.unread ?? 0) + (m.direction === 'in' ? 1 : 0),
      }
      return { ...state, conversations: withEntry(state.conversations, m.peerId, conversation) }
    }
    case 'read': {
      const prev = state.conversations.get(action.peerId)
      if (!prev || prev.unread === 0) return state
      return {
        ...state,
        conversations: withEntry(state.conversations, action.peerId, { ...prev, unread: 0 }),
      }
    }
    case 'path':
      return { ...state, paths: withEntry(state.paths, action.peer.peerId, action.peer) }
    case 'seen': {
      const known = state.paths.get(action.peerId)
      if (known?.path === action.path) return state
      const peer = { peerId: action.peerId, path: action.path, remoteAddr: null }
      return { ...state, paths: withEntry(state.paths, action.peerId, peer) }
    }
    case 'network':
      return { ...state, network: action.network, paths: pathsOf(action.network.peers) }
    case 'my-status':
      return state.myStatus === action.status ? state : { ...state, myStatus: action.status }
    case 'presence': {
      const p = action.presence
      const next = { ...state, presence: withEntry(state.presence, p.peerId, p) }
      // Offline means not typing either.
      if (p.status === 'offline' && state.typing.has(p.peerId)) {
        return reducer(next, { type: 'typing', peerId: p.peerId, active: false })
      }
      return next
    }
    case 'typing': {
      if (state.typing.has(action.peerId) === action.active) return state
      const typing = new Set(state.typing)
      if (action.active) typing.add(action.peerId)
      else typing.delete(action.peerId)
      return { ...state, typing }
    }
    case 'nearby':
      return { ...state, nearby: action.nearby }
  }
}

/** One row of the sidebar: a contact, a conversation, or both. */
export interface PeerSummary {
  peerId: string
  /** The contact's display name, if they are a contact. */
  name: string | null
  lastActivity: number
  lastMessage: Conversation['lastMessage']
  unread: number
  path: Path | null
  /** Their status, if they are a contact. */
  presence: PeerPresence | null
}

/** Conversations and contacts together, most recent activity first. */
export function peerSummaries(state: AppState): PeerSummary[] {
  const peers = new Set([...state.conversations.keys(), ...state.contacts.keys()])
  peers.delete(state.profile.peerId)
  return [...peers]
    .map((peerId): PeerSummary => {
      const conversation = state.conversations.get(peerId)
      const contact = state.contacts.get(peerId)
      return {
        peerId,
        name: contact?.displayName ?? null,
        lastActivity: Math.max(conversation?.lastActivity ?? 0, contact?.addedAt ?? 0),
        lastMessage: conversation?.lastMessage ?? null,
        unread: conversation?.unread ?? 0,
        path: state.paths.get(peerId)?.path ?? null,
        presence: contact ? presenceOf(state, peerId) : null,
      }
    })
    .sort((a, b) => b.lastActivity - a.lastActivity || (a.peerId < b.peerId ? -1 : 1))
}

/** A contact's status: offline (last seen when we last had a connection) until told. */
export function presenceOf(state: AppState, peerId: string): PeerPresence {
  const known = state.presence.get(peerId)
  if (known) return known
  return { peerId, status: 'offline', lastSeen: state.contacts.get(peerId)?.lastSeen ?? null }
}
