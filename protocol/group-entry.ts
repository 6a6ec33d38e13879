// One change to a group's membership log: its typed form, its wire form
// (protocol/wire/group.proto), its hash and its signature. Reading checks
// everything an entry says on its own (sizes, counts, peer ids, that it changes
// exactly one thing); whether its author could make it is the log's question
// (group-log.ts). Decoding never throws: bad bytes become a DecodeError.
//
// Entries are signed with the author's libp2p Ed25519 key, the one its peer id
// names: any member checks any author's entries from the peer id alone, with no
// session or key exchange first (a new member checks the whole log that way).
// Signing and checking are injected (GroupSigner, GroupVerifier) so that this
// layer stays free of any crypto library; the core supplies libp2p's.
import { peerIdFromString } from '@libp2p/peer-id'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import type { Uint8ArrayList } from 'uint8arraylist'
import { type Decoded, decodeWire, fail } from './decode.ts'
import { ed25519PeerId } from './directory.ts'
import { MAX_HLC_WALL } from './hlc.ts'
import {
  isIdleMs,
  MAX_GROUP_ANNOUNCEMENT,
  MAX_GROUP_BATCH_BYTES,
  MAX_GROUP_BATCH_ENTRIES,
  MAX_GROUP_DESCRIPTION,
  MAX_GROUP_ENTRY_BYTES,
  MAX_GROUP_MEMBERS,
  MAX_GROUP_NAME,
  MAX_GROUP_PARENTS,
} from './limits.ts'
import {
  Genesis,
  GroupEntries,
  type SignedGroupEntry,
  GroupEntry as WireEntry,
  SignedGroupEntry as WireSigned,
} from './wire/group.ts'

export type { SignedGroupEntry }

export type GroupKind = 'group' | 'discussion'

/** The changes that name members. */
export type PeersChangeType = 'add' | 'remove' | 'promote' | 'demote'
/** The changes that set a text. */
export type TextChangeType = 'rename' | 'describe' | 'announce'

export type GroupChange =
  | {
      type: 'genesis'
      /** 16 random bytes, so that two groups of the same people have two ids. */
      nonce: Uint8Array<ArrayBuffer>
      kind: GroupKind
      name: string
      /** The creator first; the order is their seniority (group-merge.ts). */
      members: string[]
      admins: string[]
      /** A discussion group's lifetime after its last message; 0 for a group. */
      idleMs: number
    }
  | { type: PeersChangeType; peers: string[] }
  | { type: 'leave' }
  | { type: TextChangeType; text: string }
  /** Lower-case hex SHA-256 of the group's picture, '' for none. */
  | { type: 'photo'; digest: string }
  | { type: 'expiry'; idleMs: number }

export interface GroupEntry {
  /** Lower-case hex SHA-256 of the signed bytes: how other entries name this one. */
  hash: string
  /** The group's id; a genesis's is the start of its own hash. */
  groupId: string
  author: string
  /** The hashes of the entries it follows; none for a genesis. */
  parents: string[]
  /** The author's clock, in ms: for people, never for order. */
  at: number
  change: GroupChange
  /** The entry as signed: what is stored and sent on. */
  signed: SignedGroupEntry
}

/** What an entry says before it is signed. A genesis has no group id yet, nor parents. */
export interface EntryDraft {
  groupId?: string
  parents: string[]
  at: number
  change: GroupChange
}

/** Signs as this profile: its libp2p key, whose peer id is `peerId`. */
export interface GroupSigner {
  readonly peerId: string
  sign(message: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>>
}

/** Whether `peerId`'s key signed `message`. Never rejects. */
export type GroupVerifier = (
  peerId: string,
  message: Uint8Array,
  signature: Uint8Array,
) => Promise<boolean>

const DOMAIN = new TextEncoder().encode('parley-group-entry-v1')
const NONCE_BYTES = 16
const HASH_BYTES = 32
const GROUP_ID_BYTES = 16
const SIGNATURE_BYTES = 64
/** Any control character but the newline, which descriptions and announcements may hold. */
const CONTROL_BUT_NEWLINE = /(?!\n)\p{Cc}/u
const CONTROL = /\p{Cc}/u

const WIRE_KIND = { group: Genesis.Kind.GROUP, discussion: Genesis.Kind.DISCUSSION } as const

/** Encodes `draft` as `signer`'s, signs it, and reads it back as the entry others will see. */
export async function signEntry(draft: EntryDraft, signer: GroupSigner): Promise<GroupEntry> {
  const entry = encodeEntry(draft, signer.peerId)
  const signed = { entry, signature: await signer.sign(signedBytes(entry)) }
  const read = readEntry(signed)
  if (!read.ok) throw new Error(`not a valid group entry: ${read.error.reason}`)
  return read.entry
}

/** The bytes `author` signs for `draft`. */
export function encodeEntry(draft: EntryDraft, author: string): Uint8Array<ArrayBuffer> {
  return WireEntry.encode({
    group: draft.groupId === undefined ? new Uint8Array() : bytes(draft.groupId),
    author: multihash(author),
    parents: draft.parents.map(bytes),
    at: BigInt(draft.at),
    ...wireChange(draft.change),
  })
}

/** Reads `signed` and checks its author's signature. Never rejects. */
export async function openEntry(
  signed: SignedGroupEntry,
  verify: GroupVerifier,
): Promise<Decoded<{ entry: GroupEntry }>> {
  const read = readEntry(signed)
  if (!read.ok) return read
  if (await isSigned(read.entry, verify)) return read
  return fail('invalid', `group entry is not signed by its author ${read.entry.author}`)
}

/** Whether `entry`'s author signed it. Never rejects. */
export async function isSigned(entry: GroupEntry, verify: GroupVerifier): Promise<boolean> {
  const { entry: bytes, signature } = entry.signed
  return (
    signature.byteLength === SIGNATURE_BYTES &&
    // A verifier that fails is as good as a bad signature.
    (await verify(entry.author, signedBytes(bytes), signature).catch(() => false))
  )
}

/** Reads `signed` without checking its signature: for entries checked before they were stored. */
export function readEntry(signed: SignedGroupEntry): Decoded<{ entry: GroupEntry }> {
  const decoded = decodeWire(
    signed.entry,
    MAX_GROUP_ENTRY_BYTES,
    'group entry',
    (b) => WireEntry.decode(b, { limits: { parents: MAX_GROUP_PARENTS } }),
    `a group entry follows at most ${MAX_GROUP_PARENTS} others, and names at most ${MAX_GROUP_MEMBERS} members`,
  )
  if (!decoded.ok) return decoded
  const wire = decoded.wire
  // One encoding per entry: no unknown fields, so what is signed is all that is read.
  if (!equal(WireEntry.encode(wire), signed.entry)) {
    return fail('invalid', 'group entry is not in its canonical encoding')
  }
  const author = ed25519PeerId(wire.author)
  if (author === undefined) return fail('invalid', 'group entry author is not an Ed25519 peer id')
  if (wire.at > BigInt(MAX_HLC_WALL)) return fail('invalid', 'group entry time is out of range')
  const read = readChange(wire)
  if (!read.ok) return read
  const { change } = read
  const hash = bytesToHex(sha256(signedBytes(signed.entry)))
  const parents = wire.parents.map((p) => bytesToHex(p))
  const genesis = change.type === 'genesis'
  if (genesis) {
    if (wire.group.byteLength !== 0) return fail('invalid', 'a genesis names no group')
    if (parents.length !== 0) return fail('invalid', 'a genesis follows no entry')
    if (!change.admins.includes(author)) {
      return fail('invalid', 'the creator of a group must be one of its admins')
    }
  } else {
    if (wire.group.byteLength !== GROUP_ID_BYTES) return fail('invalid', 'group id is not 16 bytes')
    if (parents.length === 0) return fail('invalid', 'a group entry must follow another')
    if (wire.parents.some((p) => p.byteLength !== HASH_BYTES)) {
      return fail('invalid', 'a parent is not a SHA-256 hash')
    }
    if (new Set(parents).size !== parents.length) return fail('invalid', 'a parent is named twice')
  }
  const entry: GroupEntry = {
    hash,
    groupId: genesis ? hash.slice(0, GROUP_ID_BYTES * 2) : bytesToHex(wire.group),
    author,
    parents,
    at: Number(wire.at),
    change,
    signed,
  }
  return { ok: true, entry }
}

/** One signed entry as bytes, as a store keeps it. */
export function encodeSignedEntry(signed: SignedGroupEntry): Uint8Array<ArrayBuffer> {
  return WireSigned.encode(signed)
}

export function decodeSignedEntry(
  bytes: Uint8Array | Uint8ArrayList,
): Decoded<{ signed: SignedGroupEntry }> {
  const decoded = decodeWire(bytes, MAX_GROUP_ENTRY_BYTES + 256, 'signed group entry', (b) =>
    WireSigned.decode(b),
  )
  return decoded.ok ? { ok: true, signed: decoded.wire } : decoded
}

/** Entries sent together: at most MAX_GROUP_BATCH_ENTRIES, and MAX_GROUP_BATCH_BYTES. */
export function encodeEntries(entries: SignedGroupEntry[]): Uint8Array<ArrayBuffer> {
  return GroupEntries.encode({ entries })
}

/** Entries sent together, each still to be opened (openEntry). */
export function decodeEntries(
  bytes: Uint8Array | Uint8ArrayList,
): Decoded<{ entries: SignedGroupEntry[] }> {
  const decoded = decodeWire(
    bytes,
    MAX_GROUP_BATCH_BYTES,
    'group entries',
    (b) => GroupEntries.decode(b),
    `at most ${MAX_GROUP_BATCH_ENTRIES} group entries are sent together`,
  )
  return decoded.ok ? { ok: true, entries: decoded.wire.entries } : decoded
}

/** Whether `name` may name a group of `kind`: one line, short; only a discussion group may have none. */
export function isGroupName(name: string, kind: GroupKind): boolean {
  return (
    name.length <= MAX_GROUP_NAME &&
    !CONTROL.test(name) &&
    (kind === 'discussion' || name.trim() !== '')
  )
}

function signedBytes(entry: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(DOMAIN.byteLength + entry.byteLength)
  out.set(DOMAIN)
  out.set(entry, DOMAIN.byteLength)
  return out
}

type WireChange = Omit<WireEntry, 'group' | 'author' | 'parents' | 'at'>

function wireChange(change: GroupChange): WireChange {
  switch (change.type) {
    case 'genesis':
      return {
        genesis: {
          nonce: change.nonce,
          kind: WIRE_KIND[change.kind],
          name: change.name,
          members: change.members.map(multihash),
          admins: change.admins.map(multihash),
          idleS: change.idleMs / 1000,
        },
      }
    case 'add':
    case 'remove':
    case 'promote':
    case 'demote':
      return { [change.type]: { peers: change.peers.map(multihash) } }
    case 'leave':
      return { leave: {} }
    case 'rename':
    case 'describe':
    case 'announce':
      return { [change.type]: { text: change.text } }
    case 'photo':
      return { photo: { digest: bytes(change.digest) } }
    case 'expiry':
      return { expiry: { idleS: change.idleMs / 1000 } }
  }
}

type Read<T> = { ok: true; change: T } | { ok: false; error: { code: 'invalid'; reason: string } }

function readChange(wire: WireEntry): Read<GroupChange> {
  if (wire.genesis) return readGenesis(wire.genesis)
  for (const type of ['add', 'remove', 'promote', 'demote'] as const) {
    const peers = wire[type]?.peers
    if (!peers) continue
    const read = readPeers(peers, type)
    return read.ok ? { ok: true, change: { type, peers: read.change } } : read
  }
  if (wire.leave) return { ok: true, change: { type: 'leave' } }
  if (wire.rename) {
    const { text } = wire.rename
    // Whether a name may be empty depends on the group's kind: the log checks that.
    if (!isGroupName(text, 'discussion')) return invalid('group name is too long or not one line')
    return { ok: true, change: { type: 'rename', text } }
  }
  for (const [type, max] of [
    ['describe', MAX_GROUP_DESCRIPTION],
    ['announce', MAX_GROUP_ANNOUNCEMENT],
  ] as const) {
    const text = wire[type]?.text
    if (text === undefined) continue
    if (text.length > max || CONTROL_BUT_NEWLINE.test(text)) {
      return invalid(`group ${type} text is too long or holds control characters`)
    }
    return { ok: true, change: { type, text } }
  }
  if (wire.photo) {
    const { digest } = wire.photo
    if (digest.byteLength !== 0 && digest.byteLength !== HASH_BYTES) {
      return invalid('group photo digest is not a SHA-256')
    }
    return { ok: true, change: { type: 'photo', digest: bytesToHex(digest) } }
  }
  if (wire.expiry) {
    const idleMs = wire.expiry.idleS * 1000
    if (!isIdleMs(idleMs)) return invalid('discussion lifetime is out of range')
    return { ok: true, change: { type: 'expiry', idleMs } }
  }
  return invalid('group entry changes nothing this version knows')
}

function readGenesis(genesis: Genesis): Read<GroupChange> {
  const kind: GroupKind | undefined =
    genesis.kind === Genesis.Kind.GROUP
      ? 'group'
      : genesis.kind === Genesis.Kind.DISCUSSION
        ? 'discussion'
        : undefined
  if (kind === undefined) return invalid('genesis has no kind')
  if (genesis.nonce.byteLength !== NONCE_BYTES) return invalid('genesis nonce is not 16 bytes')
  if (!isGroupName(genesis.name, kind))
    return invalid('group name is empty, too long or not one line')
  const idleMs = genesis.idleS * 1000
  if (kind === 'discussion' ? !isIdleMs(idleMs) : idleMs !== 0) {
    return invalid('genesis lifetime is out of range for its kind')
  }
  const members = readPeers(genesis.members, 'genesis member')
  if (!members.ok) return members
  const admins = readPeers(genesis.admins, 'genesis admin')
  if (!admins.ok) return admins
  if (!admins.change.every((admin) => members.change.includes(admin))) {
    return invalid('a genesis admin is not a member')
  }
  const change = {
    type: 'genesis' as const,
    nonce: genesis.nonce,
    kind,
    name: genesis.name,
    members: members.change,
    admins: admins.change,
    idleMs,
  }
  return { ok: true, change }
}

/** 1 to MAX_GROUP_MEMBERS distinct Ed25519 peer ids. */
function readPeers(list: Uint8Array[], what: string): Read<string[]> {
  if (list.length === 0) return invalid(`${what} names no one`)
  if (list.length > MAX_GROUP_MEMBERS) return invalid(`${what} names over ${MAX_GROUP_MEMBERS}`)
  const peers: string[] = []
  for (const bytes of list) {
    const peer = ed25519PeerId(bytes)
    if (peer === undefined) return invalid(`${what} names something other than an Ed25519 peer id`)
    peers.push(peer)
  }
  if (new Set(peers).size !== peers.length) return invalid(`${what} names someone twice`)
  return { ok: true, change: peers }
}

function invalid(reason: string): { ok: false; error: { code: 'invalid'; reason: string } } {
  return { ok: false, error: { code: 'invalid', reason } }
}

function multihash(peerId: string): Uint8Array<ArrayBuffer> {
  return peerIdFromString(peerId).toMultihash().bytes as Uint8Array<ArrayBuffer>
}

function bytes(hex: string): Uint8Array<ArrayBuffer> {
  return hexToBytes(hex) as Uint8Array<ArrayBuffer>
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i])
}
