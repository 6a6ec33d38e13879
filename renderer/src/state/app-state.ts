// What the whole UI shares: my profile, contacts, groups, conversations and the
// network, loaded once from the API and then kept current by its events.
import type {
  Contact,
  Conversation,
  Group,
  Message,
  NearbyPeer,
  NetworkStatus,
  OwnStatus,
  Path,
  PeerPath,
  PeerPresence,
  Profile,
} from '../../../protocol/api.ts'
import { groupIdOf } from '../../../protocol/ids.ts'
import { shownName } from '../../../protocol/names.ts'

export interface AppState {
  profile: Profile
  /** By peer id. */
  contacts: ReadonlyMap<string, Contact>
  /** Conversations, by the other party's peer id (a group's: its conversation id). */
  conversations: ReadonlyMap<string, Conversation>
  /** The groups we are in or were in, by their conversation id (a group's key everywhere in the UI). */
  groups: ReadonlyMap<string, Group>
  /** The best path to each peer we know of; a missing peer is offline. */
  paths: ReadonlyMap<string, PeerPath>
  network: NetworkStatus | null
  /** What I show others. */
  myStatus: OwnStatus
  /** Each contact's status, by peer id; a missing one is offline. */
  presence: ReadonlyMap<string, PeerPresence>
  /** Who is typing right now: to me, or in a group (typingKey). */
  typing: ReadonlySet<string>
  /** People on the LAN, found by mDNS. */
  nearby: readonly NearbyPeer[]
}

export type Action =
  | { type: 'profile'; profile: Profile }
  | { type: 'contact'; contact: Contact }
  | { type: 'contact-removed'; peerId: string }
  | { type: 'group'; group: Group }
  /** The core's summary of a conversation: the only source of previews and unread counts. */
  | { type: 'conversation'; conversation: Conversation }
  /** A message arrived: it ends the sender's typing. */
  | { type: 'message'; message: Message }
  | { type: 'read'; peerId: string }
  | { type: 'path'; peer: PeerPath }
  /** A message or receipt came by this path: the peer is connected. */
  | { type: 'seen'; peerId: string; path: Path }
  | { type: 'network'; network: NetworkStatus }
  | { type: 'my-status'; status: OwnStatus }
  | { type: 'presence'; presence: PeerPresence }
  | { type: 'typing'; peerId: string; active: boolean; groupId?: string }
  | { type: 'nearby'; nearby: NearbyPeer[] }

export function initialState(init: {
  profile: Profile
  contacts: Contact[]
  conversations: Conversation[]
  groups?: Group[]
  network: NetworkStatus | null
  presence?: { status: OwnStatus; contacts: PeerPresence[] } | null
  nearby?: NearbyPeer[]
}): AppState {
  return {
    profile: init.profile,
    contacts: new Map(init.contacts.map((c) => [c.peerId, c])),
    conversations: new Map(init.conversations.map((c) => [c.peerId, c])),
    groups: new Map((init.groups ?? []).map((g) => [g.conversationId, g])),
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
    case 'contact-removed': {
      // The core hides a removed contact's conversation; it comes back with a new request.
      const contacts = new Map(state.contacts)
      const conversations = new Map(state.conversations)
      contacts.delete(action.peerId)
      conversations.delete(action.peerId)
      return { ...state, contacts, conversations }
    }
    case 'group': {
      const g = action.group
      return { ...state, groups: withEntry(state.groups, g.conversationId, g) }
    }
    case 'conversation': {
      const c = action.conversation
      return { ...state, conversations: withEntry(state.conversations, c.peerId, c) }
    }
    case 'message': {
      const m = action.message
      if (m.direction !== 'in') return state
      const groupId = groupIdOf(m.conversationId)
      return reducer(state, {
        type: 'typing',
        peerId: m.sender,
        active: false,
        ...(groupId ? { groupId } : {}),
      })
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
      const peer: PeerPath = {
        peerId: action.peerId,
        path: action.path,
        remoteAddr: null,
        rttMs: null,
        turn: false,
      }
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
      const key = typingKey(action.peerId, action.groupId)
      if (state.typing.has(key) === action.active) return state
      const typing = new Set(state.typing)
      if (action.active) typing.add(key)
      else typing.delete(key)
      return { ...state, typing }
    }
    case 'nearby':
      return { ...state, nearby: action.nearby }
  }
}

/** Who is typing to me (a peer id), or in a group (`<group id> <peer id>`). */
function typingKey(peerId: string, groupId?: string): string {
  return groupId === undefined ? peerId : `${groupId} ${peerId}`
}

/** Who is typing in a group right now. */
export function typingIn(state: AppState, groupId: string): string[] {
  const prefix = `${groupId} `
  return [...state.typing].flatMap((key) =>
    key.startsWith(prefix) ? [key.slice(prefix.length)] : [],
  )
}

/** One row of the conversation list: an accepted contact, one I asked, or a group. */
export interface PeerSummary {
  /** A contact's peer id, or a group's conversation id. */
  peerId: string
  /** A group's row: no presence or path, a group's avatar. */
  group: boolean
  /** As shown everywhere: my nickname for them, else their name (see shownName). */
  name: string
  lastActivity: number
  lastMessage: Conversation['lastMessage']
  unread: number
  path: Path | null
  /** A WebRTC path through a TURN server. */
  turn: boolean
  /** The round trip on that path, once measured. */
  rttMs: number | null
  /** A group's row: who its members are to us (a contact's name, else a short peer id). */
  memberName?: (peerId: string) => string
  /** Their status once they accepted: a request carries none. */
  presence: PeerPresence | null
  /** Their avatar (a `data:` URL), if they share one with me. */
  avatar: string | null
}

/** Whether a contact has a conversation in the list, as the core sees it: we agreed, or I asked. */
export function isOpen(contact: Contact | undefined): boolean {
  return contact?.state === 'accepted' || contact?.state === 'requested'
}

/**
 * The conversation list, most recent activity first; only contacts with `label`
 * when given (groups have no labels).
 */
export function peerSummaries(state: AppState, label: string | null = null): PeerSummary[] {
  const contacts = [...state.contacts.values()]
    .filter((c) => isOpen(c) && c.peerId !== state.profile.peerId)
    .filter((c) => label === null || c.labels.includes(label))
    .map((contact): PeerSummary => {
      const { peerId } = contact
      const conversation = state.conversations.get(peerId)
      return {
        peerId,
        group: false,
        name: shownName(peerId, contact),
        lastActivity: Math.max(conversation?.lastActivity ?? 0, contact.addedAt),
        lastMessage: conversation?.lastMessage ?? null,
        unread: conversation?.unread ?? 0,
        path: state.paths.get(peerId)?.path ?? null,
        turn: state.paths.get(peerId)?.turn ?? false,
        rttMs: state.paths.get(peerId)?.rttMs ?? null,
        presence: contact.state === 'accepted' ? presenceOf(state, peerId) : null,
        avatar: contact.avatar ?? null,
      }
    })
  // A discussion that ended without its history kept has nothing left to show.
  const groups =
    label === null
      ? [...state.groups.values()]
          .filter((g) => !g.ended || g.keep)
          .map((g) => groupSummary(state, g))
      : []
  return [...contacts, ...groups].sort(
    (a, b) => b.lastActivity - a.lastActivity || (a.peerId < b.peerId ? -1 : 1),
  )
}

function groupSummary(state: AppState, group: Group): PeerSummary {
  const conversation = state.conversations.get(group.conversationId)
  return {
    peerId: group.conversationId,
    group: true,
    name: groupTitle(state, group),
    lastActivity: conversation?.lastActivity ?? 0,
    lastMessage: conversation?.lastMessage ?? null,
    unread: conversation?.unread ?? 0,
    path: null,
    turn: false,
    rttMs: null,
    presence: null,
    avatar: group.photo ?? null,
    memberName: (peerId) => memberName(state.contacts, peerId, group),
  }
}

/** What a group is called: its name, or (a discussion that has none) who is in it besides me. */
export function groupTitle(state: AppState, group: Group): string {
  if (group.name) return group.name
  return group.members
    .filter((m) => m.peerId !== state.profile.peerId)
    .map((m) => memberName(state.contacts, m.peerId, group))
    .join(', ')
}

/** How a peer is named in a group: a contact's shown name, else the name they told, else their short peer id. */
export function memberName(contacts: AppState['contacts'], peerId: string, group?: Group): string {
  const told = group?.members.find((m) => m.peerId === peerId)?.name
  return shownName(peerId, contacts.get(peerId) ?? (told ? { displayName: told } : undefined))
}

/** Accepted contacts (not me), by name: whom a group can be made of. */
export function acceptedContacts(state: AppState): Contact[] {
  return byName(
    [...state.contacts.values()].filter(
      (c) => c.state === 'accepted' && c.peerId !== state.profile.peerId,
    ),
  )
}

/** Friend requests waiting for my answer, newest first. */
export function requestsOf(state: AppState): Contact[] {
  return [...state.contacts.values()]
    .filter((c) => c.state === 'pending')
    .sort((a, b) => b.addedAt - a.addedAt)
}

/** The people I blocked, by name. */
export function blockedOf(state: AppState): Contact[] {
  return byName([...state.contacts.values()].filter((c) => c.state === 'blocked'))
}

function byName(contacts: Contact[]): Contact[] {
  return contacts.sort((a, b) => shownName(a.peerId, a).localeCompare(shownName(b.peerId, b)))
}

/** Every label on a contact in the conversation list, sorted. */
export function labelsOf(state: AppState): string[] {
  const labels = new Set<string>()
  for (const c of state.contacts.values()) if (isOpen(c)) for (const l of c.labels) labels.add(l)
  return [...labels].sort((a, b) => a.localeCompare(b))
}

/** A contact's status: offline (last seen when we last had a connection) until told. */
export function presenceOf(state: AppState, peerId: string): PeerPresence {
  const known = state.presence.get(peerId)
  if (known) return known
  return { peerId, status: 'offline', lastSeen: state.contacts.get(peerId)?.lastSeen ?? null }
}
