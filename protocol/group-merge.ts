// A group's state from the entries of its membership log: the same state for
// every member holding the same entries, whatever order they came in.
//
// Order. Entries are replayed by depth (one more than their deepest parent),
// then by hash: a topological order that every member computes alike, and in
// which a new entry that follows every head comes last (so it is applied on top
// of the state as it is, without a replay).
//
// Seniority. Members rank by when they joined: the creator first, then the
// genesis's other members in the order it lists them, then each add in replay
// order (a person keeps the rank of their first add, even one a conflict voided).
// Rank settles conflicts between admins, and picks who takes over a group left
// without an admin.
//
// Every entry in the log was valid where its author made it (group-log.ts checks
// it against the state of the entries it follows). Concurrent entries, which did
// not see each other, can still conflict; these rules settle it:
// 1. An entry that needs an admin is void if its author was concurrently removed
//    or demoted by a more senior member whom the entry knew as an admin (it follows
//    the genesis or a promotion that made them one), unless that removal or
//    demotion is itself void by this rule. Two admins removing each other at once:
//    the senior one stays, the junior one goes. This also stops a removed admin
//    from acting after its removal by claiming not to have seen it (naming older
//    parents): what it writes is concurrent with its removal, hence void. A junior
//    admin's concurrent removal of a senior one does not void the senior one's
//    entries, nor does a removal by someone made admin behind the entry's back
//    (or by rule 5, which no entry records).
// 2. A removal wins over a concurrent add of the same person, and a demotion or a
//    removal over a concurrent promotion (unless rule 1 voids that removal or
//    demotion): a person removed is not brought back by someone who had not seen
//    the removal.
// 3. An entry applies only if its author had the right to make it as far as the
//    entry saw, once the rules above have run: of the changes the replay made to
//    the author's role (joining, leaving or being removed, promotion, demotion,
//    becoming admin for want of one), the latest one the entry follows must have
//    left the author a member, and an admin if the change needs one. So what rests
//    on a void entry is void too (the changes of someone whose promotion rule 1
//    voided), while a concurrent removal the author had not seen does not void
//    what it did (rule 1 decides that).
// 4. Otherwise entries apply in replay order: the later of two concurrent renames
//    stands; adds past MAX_GROUP_MEMBERS are void for the people past it; a change
//    to someone no longer there changes nothing.
// 5. A group left with members but no admin makes its most senior member admin.
import type { GroupChange, GroupEntry, GroupKind } from './group-entry.ts'
import { MAX_GROUP_MEMBERS } from './limits.ts'

export type GroupRole = 'admin' | 'member'

export interface GroupMember {
  peerId: string
  role: GroupRole
}

export interface GroupState {
  groupId: string
  kind: GroupKind
  creator: string
  name: string
  description: string
  announcement: string
  /** Lower-case hex SHA-256 of the group's picture, '' for none. */
  photo: string
  /** A discussion group's lifetime after its last message; 0 for a group. */
  idleMs: number
  /** Everyone in the group, most senior first. None: the group has ended. */
  members: GroupMember[]
}

/** An entry as the log holds it: with the entries it follows, and its depth. */
export interface LogNode {
  entry: GroupEntry
  parents: LogNode[]
  /** One more than its deepest parent's; 0 for the genesis. */
  depth: number
}

/** Replay order: by depth, then by hash. */
export function replayOrder(nodes: Iterable<LogNode>): LogNode[] {
  return [...nodes].sort((a, b) => a.depth - b.depth || compare(a.entry.hash, b.entry.hash))
}

/** A change the replay made to someone's role: `role` undefined, they were no longer in. */
interface RoleChange {
  node: LogNode
  role: GroupRole | undefined
}

/**
 * The state of a group, replayed entry by entry. Its fields are what later
 * entries are checked against (group-log.ts).
 */
export class Replay {
  /** Seniority of everyone who was ever added (0 the creator), kept after they leave. */
  private readonly ranks = new Map<string, number>()
  /** Every change to each person's role, in replay order (rule 3). */
  private readonly roleChanges = new Map<string, RoleChange[]>()
  private readonly roles = new Map<string, GroupRole>()
  kind: GroupKind = 'group'
  creator = ''
  name = ''
  description = ''
  announcement = ''
  photo = ''
  idleMs = 0

  constructor(readonly groupId: string) {}

  /** Everyone in the group now, with their role. */
  get members(): ReadonlyMap<string, GroupRole> {
    return this.roles
  }

  rank(peer: string): number {
    return this.ranks.get(peer) ?? Number.POSITIVE_INFINITY
  }

  isAdmin(peer: string): boolean {
    return this.roles.get(peer) === 'admin'
  }

  /** Gives ranks to the people `entry` brings in: every entry, in replay order, before any is applied. */
  rankNewcomers(entry: GroupEntry): void {
    const { change } = entry
    const newcomers =
      change.type === 'genesis'
        ? [entry.author, ...change.members]
        : change.type === 'add'
          ? change.peers
          : []
    for (const peer of newcomers) if (!this.ranks.has(peer)) this.ranks.set(peer, this.ranks.size)
  }

  /** `peer`'s role as the latest change to it among those `seen` accepts left it (rule 3). */
  roleSeen(peer: string, seen: (node: LogNode) => boolean): GroupRole | undefined {
    return this.roleChanges.get(peer)?.findLast((change) => seen(change.node))?.role
  }

  /** Applies `node`'s entry, except to the people in `voided`. */
  apply(node: LogNode, voided: ReadonlySet<string> = new Set()): void {
    const { entry } = node
    const { change } = entry
    const targets = 'peers' in change ? change.peers.filter((p) => !voided.has(p)) : []
    switch (change.type) {
      case 'genesis': {
        this.kind = change.kind
        this.creator = entry.author
        this.name = change.name
        this.idleMs = change.idleMs
        const admins = new Set(change.admins)
        for (const peer of change.members) {
          this.setRole(peer, admins.has(peer) ? 'admin' : 'member', node)
        }
        break
      }
      case 'add':
        for (const peer of targets) {
          if (this.roles.has(peer)) continue
          if (this.roles.size >= MAX_GROUP_MEMBERS) break
          this.setRole(peer, 'member', node)
        }
        break
      case 'remove':
        for (const peer of targets) this.setRole(peer, undefined, node)
        break
      case 'leave':
        this.setRole(entry.author, undefined, node)
        break
      case 'promote':
        for (const peer of targets) if (this.roles.has(peer)) this.setRole(peer, 'admin', node)
        break
      case 'demote':
        for (const peer of targets) if (this.isAdmin(peer)) this.setRole(peer, 'member', node)
        break
      case 'rename':
        this.name = change.text
        break
      case 'describe':
        this.description = change.text
        break
      case 'announce':
        this.announcement = change.text
        break
      case 'photo':
        this.photo = change.digest
        break
      case 'expiry':
        this.idleMs = change.idleMs
        break
    }
    this.keepAnAdmin(node)
  }

  snapshot(): GroupState {
    const members = [...this.roles]
      .sort(([a], [b]) => this.rank(a) - this.rank(b))
      .map(([peerId, role]) => ({ peerId, role }))
    const { groupId, kind, creator, name, description, announcement, photo, idleMs } = this
    return { groupId, kind, creator, name, description, announcement, photo, idleMs, members }
  }

  private setRole(peer: string, role: GroupRole | undefined, node: LogNode): void {
    if (this.roles.get(peer) === role) return
    if (role === undefined) this.roles.delete(peer)
    else this.roles.set(peer, role)
    push(this.roleChanges, peer, { node, role })
  }

  /** Rule 5. */
  private keepAnAdmin(node: LogNode): void {
    if (this.roles.size === 0 || [...this.roles.values()].includes('admin')) return
    const [senior] = [...this.roles.keys()].sort((a, b) => this.rank(a) - this.rank(b))
    if (senior !== undefined) this.setRole(senior, 'admin', node)
  }
}

export interface Merged {
  replay: Replay
  /** Entries that took no effect at all, by hash, with why. */
  voided: Map<string, string>
}

/** Replays `nodes` (an entry with all its ancestors: a log, or the past of one entry). */
export function merge(groupId: string, nodes: Iterable<LogNode>): Merged {
  const order = replayOrder(nodes)
  const replay = new Replay(groupId)
  for (const node of order) replay.rankNewcomers(node.entry)
  const reach = new Reach(order)
  const conflicts = new Conflicts(order, replay, reach)
  const voided = new Map<string, string>()
  for (const node of order) {
    const why = conflicts.countered(node) ?? unauthorized(replay, reach, node)
    if (why) voided.set(node.entry.hash, why)
    else replay.apply(node, conflicts.voidedTargets(node))
  }
  return { replay, voided }
}

/** Why `node`'s author had no right to its change as far as it saw (rule 3), or undefined. */
function unauthorized(replay: Replay, reach: Reach, node: LogNode): string | undefined {
  const { author, change } = node.entry
  if (change.type === 'genesis') return undefined
  const role = replay.roleSeen(author, (earlier) => reach.precedes(earlier, node))
  if (role === undefined) return `${author} was not a member where it made this change`
  if (needsAdmin(change) && role !== 'admin') {
    return `${author} was not an admin where it made this change`
  }
  return undefined
}

/** Removals and demotions, and which entries they void (rules 1 and 2). */
class Conflicts {
  /** Removals and demotions naming each person. */
  private readonly revoking = new Map<string, LogNode[]>()
  /** Removals naming each person (they also void a concurrent add). */
  private readonly removing = new Map<string, LogNode[]>()
  /** The genesis or promotions that made each person an admin. */
  private readonly grants = new Map<string, LogNode[]>()
  /** The entries rule 1 voids, with why. */
  private readonly counteredBy = new Map<LogNode, string>()

  constructor(
    order: LogNode[],
    private readonly ranks: Replay,
    private readonly reach: Reach,
  ) {
    for (const node of order) {
      const { change } = node.entry
      if (change.type === 'genesis') for (const peer of change.admins) push(this.grants, peer, node)
      if (change.type === 'promote') for (const peer of change.peers) push(this.grants, peer, node)
      if (change.type !== 'remove' && change.type !== 'demote') continue
      for (const peer of change.peers) {
        push(this.revoking, peer, node)
        if (change.type === 'remove') push(this.removing, peer, node)
      }
    }
    // Whether rule 1 voids an entry depends only on entries by more senior members:
    // taken most senior first, each is settled before any entry that asks about it.
    const seniorFirst = order
      .filter((node) => needsAdmin(node.entry.change))
      .sort((a, b) => ranks.rank(a.entry.author) - ranks.rank(b.entry.author))
    for (const node of seniorFirst) {
      const by = this.counter(node)
      if (by) {
        const why = `${by.entry.author} concurrently took its author's admin rights (${by.entry.hash})`
        this.counteredBy.set(node, why)
      }
    }
  }

  /** Why rule 1 voids `node`, or undefined. */
  countered(node: LogNode): string | undefined {
    return this.counteredBy.get(node)
  }

  /** The people an add or promotion does not apply to: a concurrent removal (or demotion) wins (rule 2). */
  voidedTargets(node: LogNode): Set<string> {
    const { change } = node.entry
    const voided = new Set<string>()
    if (change.type !== 'add' && change.type !== 'promote') return voided
    const winners = change.type === 'add' ? this.removing : this.revoking
    for (const peer of change.peers) {
      const wins = winners
        .get(peer)
        ?.some((other) => this.reach.concurrent(node, other) && !this.counteredBy.has(other))
      if (wins) voided.add(peer)
    }
    return voided
  }

  /** The removal or demotion that voids `node` by rule 1: more senior members' are settled already. */
  private counter(node: LogNode): LogNode | undefined {
    const { author } = node.entry
    const rank = this.ranks.rank(author)
    return this.revoking.get(author)?.find((other) => {
      const remover = other.entry.author
      return (
        this.ranks.rank(remover) < rank &&
        this.reach.concurrent(node, other) &&
        !this.counteredBy.has(other) &&
        (this.grants.get(remover) ?? []).some((grant) => this.reach.precedes(grant, node))
      )
    })
  }
}

/**
 * Which entries precede which: each entry's ancestors as a bitset over replay
 * positions, made when first asked for (at most an eighth of a byte per pair).
 */
class Reach {
  private readonly position = new Map<LogNode, number>()
  private readonly ancestors = new Map<LogNode, Uint32Array>()
  private readonly words: number

  constructor(order: LogNode[]) {
    for (const [i, node] of order.entries()) this.position.set(node, i)
    this.words = Math.ceil(order.length / 32)
  }

  concurrent(a: LogNode, b: LogNode): boolean {
    return a !== b && !this.precedes(a, b) && !this.precedes(b, a)
  }

  /** Whether `b` follows `a`, directly or not. */
  precedes(a: LogNode, b: LogNode): boolean {
    const at = this.position.get(a) as number
    return ((this.ancestorsOf(b)[at >>> 5] as number) & (1 << (at & 31))) !== 0
  }

  private ancestorsOf(node: LogNode): Uint32Array {
    // Parents first, without recursion: a log may be thousands of entries deep.
    const stack = [node]
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as LogNode
      const pending = top.parents.filter((parent) => !this.ancestors.has(parent))
      if (pending.length > 0) {
        stack.push(...pending)
        continue
      }
      stack.pop()
      if (this.ancestors.has(top)) continue
      const bits = new Uint32Array(this.words)
      for (const parent of top.parents) {
        const inherited = this.ancestors.get(parent) as Uint32Array
        for (let i = 0; i < bits.length; i++) {
          bits[i] = (bits[i] as number) | (inherited[i] as number)
        }
        const at = this.position.get(parent) as number
        bits[at >>> 5] = (bits[at >>> 5] as number) | (1 << (at & 31))
      }
      this.ancestors.set(top, bits)
    }
    return this.ancestors.get(node) as Uint32Array
  }
}

/** `nodes` and all their ancestors. */
export function closure(nodes: readonly LogNode[]): Set<LogNode> {
  const found = new Set<LogNode>()
  const stack = [...nodes]
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (found.has(next)) continue
    found.add(next)
    stack.push(...next.parents)
  }
  return found
}

/** Whether only an admin may make `change` (anyone may leave). */
export function needsAdmin(change: GroupChange): boolean {
  return change.type !== 'leave' && change.type !== 'genesis'
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
