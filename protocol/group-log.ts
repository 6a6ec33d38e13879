// A group's membership log: a DAG of signed changes (group-entry.ts) rooted in
// its genesis, and the state every member computes from it (group-merge.ts, whose
// comment gives the rules for concurrent changes).
//
// An entry joins the log only when every entry it follows is in it: the log is
// thus always closed under ancestors, and acyclic (an entry names its parents by
// hash, so naming one that follows it would take a SHA-256 preimage). One whose
// parents have not come is held, up to MAX_GROUP_HELD_ENTRIES and _BYTES per group
// (the oldest dropped first; a member sends it again), and joins once they have.
//
// An entry is accepted only if, in the state of the entries it follows (not the
// state now: what its author could see), its author was a member, and an admin
// for anything but leaving, and its change makes sense there (adds no one already
// in, removes no one absent, keeps to MAX_GROUP_MEMBERS, ...). Whether it is
// accepted thus depends on the entry and its past alone, never on what else a
// member holds: every member accepts the same entries, short of the log's own
// bounds (a log of MAX_GROUP_LOG_ENTRIES or _BYTES takes nothing more). A refusal
// says why; the log remembers the last MAX_GROUP_REFUSED refused hashes, and
// refuses what follows them. An entry whose signature fails is refused but not
// remembered: its hash covers what was signed, not the signature, so the real one
// may still come.
import { type Decoded, fail } from './decode.ts'
import {
  type EntryDraft,
  type GroupChange,
  type GroupEntry,
  type GroupSigner,
  type GroupVerifier,
  isGroupName,
  isSigned,
  openEntry,
  readEntry,
  type SignedGroupEntry,
  signEntry,
} from './group-entry.ts'
import {
  closure,
  type GroupState,
  type LogNode,
  merge,
  needsAdmin,
  Replay,
  replayOrder,
} from './group-merge.ts'
import {
  MAX_GROUP_HELD_BYTES,
  MAX_GROUP_HELD_ENTRIES,
  MAX_GROUP_LOG_BYTES,
  MAX_GROUP_LOG_ENTRIES,
  MAX_GROUP_MEMBERS,
  MAX_GROUP_PARENTS,
  MAX_GROUP_REFUSED,
} from './limits.ts'

export type Receipt =
  /** In the log: the entry, then the held ones it let in, in the order they joined. */
  | { status: 'accepted'; entries: GroupEntry[] }
  | { status: 'duplicate' }
  /** Waiting for the entries it follows: `missing`, to ask other members for. */
  | { status: 'held'; missing: string[] }
  | { status: 'refused'; reason: string }

/** What a genesis says besides its author. */
export type GenesisChange = Extract<GroupChange, { type: 'genesis' }>

export class GroupLog {
  private readonly nodes = new Map<string, LogNode>()
  /** Entries in the order they joined (each after its parents): how a store keeps them. */
  private readonly joined: GroupEntry[] = []
  /** The signed entries' bytes, all told. */
  private bytes = 0
  private readonly tips = new Set<LogNode>()
  private replay: Replay
  private voidedEntries: ReadonlyMap<string, string> = new Map()
  private snapshot: GroupState | undefined
  /** Entries waiting for those they follow, oldest first. */
  private readonly held = new Map<string, GroupEntry>()
  private heldBytes = 0
  /** Hashes of refused entries, with why, oldest first. */
  private readonly refused = new Map<string, string>()

  private constructor(genesis: GroupEntry) {
    this.replay = new Replay(genesis.groupId)
    this.applyOnTop(this.link(genesis))
  }

  /** A new group: its genesis, signed by its creator. */
  static async create(
    genesis: Omit<GenesisChange, 'type'>,
    signer: GroupSigner,
    at: number,
  ): Promise<GroupLog> {
    const entry = await signEntry(
      { parents: [], at, change: { type: 'genesis', ...genesis } },
      signer,
    )
    return new GroupLog(entry)
  }

  /** A group as another member sent its genesis. */
  static async open(
    signed: SignedGroupEntry,
    verify: GroupVerifier,
  ): Promise<Decoded<{ log: GroupLog }>> {
    const opened = await openEntry(signed, verify)
    if (!opened.ok) return opened
    if (opened.entry.change.type !== 'genesis') {
      return fail('invalid', 'a group starts with its genesis')
    }
    return { ok: true, log: new GroupLog(opened.entry) }
  }

  /**
   * A log as it was stored: its entries in the order they joined, accepted before
   * (so neither their signatures nor the rules are checked again), replayed once.
   */
  static restore(entries: GroupEntry[]): GroupLog {
    const [genesis, ...rest] = entries
    if (genesis?.change.type !== 'genesis') {
      throw new Error('a stored group log starts with its genesis')
    }
    const log = new GroupLog(genesis)
    for (const entry of rest) {
      if (entry.groupId !== log.id) {
        throw new Error(`a stored entry of another group: ${entry.hash}`)
      }
      log.link(entry)
    }
    log.remerge()
    return log
  }

  get id(): string {
    return this.replay.groupId
  }

  get state(): GroupState {
    this.snapshot ??= this.replay.snapshot()
    return this.snapshot
  }

  get size(): number {
    return this.nodes.size
  }

  has(hash: string): boolean {
    return this.nodes.has(hash)
  }

  /** Every entry, each after those it follows. */
  entries(): readonly GroupEntry[] {
    return this.joined
  }

  /** The entries no other follows: what a new entry follows. */
  heads(): string[] {
    return this.headNodes().map((node) => node.entry.hash)
  }

  /** Entries that took no effect (the rules of group-merge.ts voided them), by hash, with why. */
  voided(): ReadonlyMap<string, string> {
    return this.voidedEntries
  }

  /** Entries that held ones follow and this log lacks: what to ask other members for. */
  missing(): string[] {
    const missing = new Set<string>()
    for (const entry of this.held.values()) {
      for (const parent of entry.parents) if (!this.nodes.has(parent)) missing.add(parent)
    }
    for (const hash of this.held.keys()) missing.delete(hash)
    return [...missing]
  }

  /** Takes an entry another member sent, once its author's signature checks out. */
  async receive(signed: SignedGroupEntry, verify: GroupVerifier): Promise<Receipt> {
    const read = readEntry(signed)
    if (!read.ok) return refuse(read.error.reason)
    const { entry } = read
    // What costs no signature check first; a refusal is remembered only once signed (take).
    const early = this.screen(entry)
    if (early) return early
    if (!(await isSigned(entry, verify))) return refuse(`not signed by its author ${entry.author}`)
    return this.accept(entry)
  }

  /** Makes, signs and takes a change of ours, following every head (or the MAX_GROUP_PARENTS latest). */
  async append(change: GroupChange, signer: GroupSigner, at: number): Promise<Receipt> {
    const draft: EntryDraft = { groupId: this.id, parents: this.heads(), at, change }
    return this.accept(await signEntry(draft, signer))
  }

  /** Takes `entry`, then whatever held entries it lets in (or refuses with it). */
  private accept(entry: GroupEntry): Receipt {
    const first = this.take(entry)
    const released: GroupEntry[] = []
    for (let ready = this.nextReady(); ready; ready = this.nextReady()) {
      const receipt = this.take(ready)
      if (receipt.status === 'accepted') released.push(...receipt.entries)
    }
    if (first.status !== 'accepted') return first
    return { status: 'accepted', entries: [...first.entries, ...released] }
  }

  /** Refusals and duplicates that need neither the signature nor the state. */
  private screen(entry: GroupEntry): Receipt | undefined {
    if (entry.groupId !== this.id) return refuse(`an entry of another group (${entry.groupId})`)
    if (this.nodes.has(entry.hash)) return { status: 'duplicate' }
    const refused = this.refused.get(entry.hash)
    if (refused) return refuse(refused)
    if (entry.change.type === 'genesis') return refuse('a group has one genesis')
    if (entry.parents.some((parent) => this.refused.has(parent))) {
      return refuse('it follows a refused entry')
    }
    if (
      this.nodes.size >= MAX_GROUP_LOG_ENTRIES ||
      this.bytes + entrySize(entry) > MAX_GROUP_LOG_BYTES
    ) {
      return refuse(
        `the log is full (${MAX_GROUP_LOG_ENTRIES} entries or ${MAX_GROUP_LOG_BYTES} bytes)`,
      )
    }
    return undefined
  }

  /** One entry: held, refused, or in (without what it lets in). */
  private take(entry: GroupEntry): Receipt {
    const early = this.screen(entry)
    if (early) {
      if (early.status === 'refused') this.remember(entry.hash, early.reason)
      return early
    }
    const missing = entry.parents.filter((parent) => !this.nodes.has(parent))
    if (missing.length > 0) {
      this.hold(entry)
      return { status: 'held', missing }
    }
    const parents = entry.parents.map((hash) => this.nodes.get(hash) as LogNode)
    const onTop = this.followsEveryHead(parents)
    const reason = check(entry, onTop ? this.replay : merge(this.id, closure(parents)).replay)
    if (reason) {
      this.remember(entry.hash, reason)
      return refuse(reason)
    }
    const node = this.link(entry)
    // On top: last in replay order and concurrent with nothing, so nothing to settle.
    if (onTop) this.applyOnTop(node)
    else this.remerge()
    return { status: 'accepted', entries: [entry] }
  }

  /** Adds `entry`, whose parents are in the log, without replaying it. */
  private link(entry: GroupEntry): LogNode {
    const parents = entry.parents.map((hash) => {
      const parent = this.nodes.get(hash)
      if (!parent) throw new Error(`entry ${entry.hash} follows ${hash}, not in the log`)
      return parent
    })
    const depth = parents.length === 0 ? 0 : 1 + Math.max(...parents.map((p) => p.depth))
    const node = { entry, parents, depth }
    this.nodes.set(entry.hash, node)
    this.joined.push(entry)
    this.bytes += entrySize(entry)
    for (const parent of parents) this.tips.delete(parent)
    this.tips.add(node)
    return node
  }

  /** Brings the state up to date with `node`, which follows every other entry. */
  private applyOnTop(node: LogNode): void {
    this.replay.rankNewcomers(node.entry)
    this.replay.apply(node)
    this.snapshot = undefined
  }

  private remerge(): void {
    const merged = merge(this.id, this.nodes.values())
    this.replay = merged.replay
    this.voidedEntries = merged.voided
    this.snapshot = undefined
  }

  private followsEveryHead(parents: LogNode[]): boolean {
    return parents.length === this.tips.size && parents.every((parent) => this.tips.has(parent))
  }

  /** The latest heads first (the last in replay order), at most MAX_GROUP_PARENTS. */
  private headNodes(): LogNode[] {
    return replayOrder(this.tips).reverse().slice(0, MAX_GROUP_PARENTS)
  }

  private hold(entry: GroupEntry): void {
    if (this.held.has(entry.hash)) return
    this.held.set(entry.hash, entry)
    this.heldBytes += entrySize(entry)
    while (this.held.size > MAX_GROUP_HELD_ENTRIES || this.heldBytes > MAX_GROUP_HELD_BYTES) {
      const [oldest] = this.held.values()
      if (!oldest) break
      this.unhold(oldest)
    }
  }

  private unhold(entry: GroupEntry): void {
    this.held.delete(entry.hash)
    this.heldBytes -= entrySize(entry)
  }

  /** A held entry whose parents are all in (or that follows a refused one, to be refused). */
  private nextReady(): GroupEntry | undefined {
    for (const entry of this.held.values()) {
      const ready = entry.parents.every((p) => this.nodes.has(p) || this.refused.has(p))
      if (ready) {
        this.unhold(entry)
        return entry
      }
    }
    return undefined
  }

  private remember(hash: string, reason: string): void {
    this.refused.set(hash, reason)
    if (this.refused.size > MAX_GROUP_REFUSED) {
      const [oldest] = this.refused.keys()
      if (oldest !== undefined) this.refused.delete(oldest)
    }
  }
}

/** Why `entry`'s author could not make its change in `past`, the state of the entries it follows, or undefined. */
function check(entry: GroupEntry, past: Replay): string | undefined {
  const { author, change } = entry
  if (!past.members.has(author)) return `${author} was not a member`
  if (needsAdmin(change) && !past.isAdmin(author)) return `${author} was not an admin`
  const peers = 'peers' in change ? change.peers : []
  switch (change.type) {
    case 'add':
      if (peers.some((peer) => past.members.has(peer))) return 'it adds someone already in'
      if (past.members.size + peers.length > MAX_GROUP_MEMBERS) {
        return `a group has at most ${MAX_GROUP_MEMBERS} members`
      }
      return undefined
    case 'remove':
      if (peers.includes(author)) return 'an admin leaves rather than removes itself'
      if (!peers.every((peer) => past.members.has(peer))) return 'it removes someone not in'
      return undefined
    case 'promote':
      if (!peers.every((peer) => past.members.get(peer) === 'member')) {
        return 'it promotes someone who is not a member, or an admin already'
      }
      return undefined
    case 'demote':
      if (!peers.every((peer) => past.isAdmin(peer))) return 'it demotes someone not an admin'
      return undefined
    case 'rename':
      return isGroupName(change.text, past.kind) ? undefined : 'a group needs a name'
    case 'expiry':
      return past.kind === 'discussion' ? undefined : 'only a discussion group expires'
    default:
      return undefined
  }
}

function entrySize(entry: GroupEntry): number {
  return entry.signed.entry.byteLength + entry.signed.signature.byteLength
}

function refuse(reason: string): Receipt {
  return { status: 'refused', reason }
}
