// Groups in the core: their membership logs, sender keys and messages.
//
// Membership. A change is an entry of the group's log (protocol/group-log.ts),
// signed by its author; ours go to every member (and to those a change removes, so
// that they learn it), and a member we add gets the whole log. Entries from others
// are taken only from members, and the log refuses (and we log) what their author
// could not do. Entries travel as parcels over the pairwise sessions (the outbox:
// directly when the member is online, through its relay mailbox otherwise).
//
// Sender keys (crypto/signal/sender-keys.ts). Our key goes to the members only: to
// all of them from its start when we join, to one added since from now on, and a
// new key to those who remain when someone is removed or leaves (the keys of those
// gone are retired). A member's key is taken only from a member.
//
// Traffic from someone who is not a member as far as our log says waits for the
// log (bounded per sender): its addition may come after it, another way.
//
// Messages. send() encrypts a message once with our sender key (its plaintext
// holds our per-group sequence number, which also travels in clear: the receiver
// checks both agree), stores it with the chain step and the parcel that carries it
// to every other member, in one write. What comes is taken only from members, once
// per (sender, sequence number): a replay or a message from anyone else is refused
// and logged. A message whose key has not come waits (bounded, group-records.ts)
// and its sender is asked for the key; group traffic for a group whose log has not
// come waits too, until it does.
//
// Discussions: groups with no name needed, everyone in them an admin. Each member
// ends one for itself (discussion-end.ts) when its time after the last message
// runs out, when it is no longer in it, or when no one else is: its record says so
// first, then its history goes unless kept, and it takes nothing more.
import { randomBytes } from 'node:crypto'
import { monotonicFactory } from 'ulid'
import {
  ApiError,
  type Change,
  type Group,
  type GroupNotice,
  type Message,
  type ParleyEvents,
  type Path,
} from '../../../protocol/api.ts'
import type { Emitter } from '../../../protocol/emitter.ts'
import {
  type ChatEnvelope,
  decodeBatch,
  decodeGroupPlaintext,
  encodeBatch,
  encodeGroupPlaintext,
  type GroupContent,
  type GroupContentKind,
} from '../../../protocol/frame.ts'
import {
  type GroupChange,
  type GroupEntry,
  type GroupSigner,
  type GroupVerifier,
  readEntry,
  type SignedGroupEntry,
} from '../../../protocol/group-entry.ts'
import { GroupLog } from '../../../protocol/group-log.ts'
import type { GroupState } from '../../../protocol/group-merge.ts'
import type { HybridClock } from '../../../protocol/hlc.ts'
import { groupConversationId, groupIdOf } from '../../../protocol/ids.ts'
import {
  DISCUSSION_IDLE_MS,
  MAX_GROUP_BATCH_ENTRIES,
  MAX_GROUPS,
} from '../../../protocol/limits.ts'
import { incoming, tellStored } from '../chat/inbox.ts'
import type { Outgoing } from '../chat/outbox.ts'
import { envelopeOf } from '../crypto/envelope-cipher.ts'
import type { GroupKeys, SenderKeys } from '../crypto/signal/sender-keys.ts'
import { KeyedLock } from '../lib/keyed-lock.ts'
import { avatarDigest, dataUrl, dataUrlBytes, makeAvatar, peerAvatarUrl } from '../people/avatar.ts'
import type { Contacts } from '../people/contacts.ts'
import type { GroupRecord } from '../store/group-records.ts'
import type { Op, ProfileStore } from '../store/profile-store.ts'
import { EndTimer, endsAt, isOver } from './discussion-end.ts'

/** Entries sent in one envelope: well inside a batch (MAX_BATCH_BYTES) however large each is. */
const MEMBERSHIP_BYTES = 48 * 1024

/** Names kept of people we share no group with yet (groups.named), at most. */
const MAX_TOLD_NAMES = 256

/** Messages handed on to a member that lacks them, at most, for one account of what it holds. */
const MAX_HANDED_ON = 256

export interface GroupComponents {
  self: string
  signer: GroupSigner
  verify: GroupVerifier
  store: Pick<
    ProfileStore,
    | 'groups'
    | 'outbox'
    | 'conversations'
    | 'addOutgoing'
    | 'addOwnChange'
    | 'addIncoming'
    | 'getMessage'
    | 'noticeOps'
    | 'deleteConversation'
  >
  senderKeys: SenderKeys
  contacts: Pick<Contacts, 'isAccepted'>
  clock: HybridClock
  events: Emitter<ParleyEvents>
  /** Sends what waits in the outbox for `peer` (Outbox.deliverSoon). */
  deliver(peer: string): void
  /** Sends a parcel just queued for `peers` at once where it can (Outbox.sendParcel). */
  sendNow(peers: string[], parcel: ChatEnvelope): void
  log(line: string): void
}

interface GroupNow {
  log: GroupLog
  record: GroupRecord
}

/** What came of group traffic: done with (taken, or refused for good), or kept until it can be used. */
type Outcome = 'done' | 'waiting'

/** What came of a batch's group traffic: the envelope ids to acknowledge, and what to tell once stored. */
export interface GroupTaken {
  acked: string[]
  /** How many messages were new. */
  stored: number
  tell(): void
}

export class GroupService {
  private readonly groups = new Map<string, GroupNow>()
  /** One piece of work per group at a time: a change, a message sent or taken. */
  private readonly turns = new KeyedLock()
  private readonly newId = monotonicFactory()
  /** Keys (by group, sender and distribution id) and entries (by group, peer and hash) asked for since start: asked once. */
  private readonly asked = new Set<string>()
  /** Groups whose waiting traffic is being tried again, and those to try again after. */
  private readonly retrying = new Map<string, boolean>()
  /** Entries given to members who asked (by group, peer and hash) since start: given once. */
  private readonly given = new Set<string>()
  /** Wakes us when the next discussion runs out of time. */
  private readonly ends = new EndTimer(() => this.endDue())
  /** What the people we share a group with call themselves (their Hello), by peer id. */
  private names = new Map<string, string>()
  /** Names told by people we share no group with yet (the log may come after): the latest few. */
  private readonly told = new Map<string, string>()
  /** The photo we hold of each group (shown while the log names its digest), by group id. */
  private readonly photos = new Map<string, { digest: string; url: string }>()

  constructor(private readonly c: GroupComponents) {}

  /**
   * Loads the groups, and tells each group's members what we hold of its messages:
   * who holds more hands it on (the outbox sends it once it starts). A member who
   * comes back so catches up from any other, its senders offline or not.
   */
  async load(): Promise<void> {
    this.names = await this.c.store.groups.allNames()
    for (const [groupId, url] of await this.c.store.groups.allPhotos()) {
      this.photos.set(groupId, { digest: avatarDigest(dataUrlBytes(url)), url })
    }
    const ops: Op[] = []
    for (const { record, entries } of await this.c.store.groups.all()) {
      const group = { log: GroupLog.restore(entries), record }
      this.groups.set(record.id, group)
      // Ended, and stopped before its history was gone: it goes now.
      if (record.ended && !record.keep) await this.forgetHistory(group)
      if (!record.gone) ops.push(...this.parcel(group, this.others(group), this.held(group)))
    }
    if (ops.length > 0) await this.c.store.groups.write(ops)
    await this.endDue()
    // What waited when we stopped (entries held for others, say) is tried, and asked for, again.
    for (const groupId of this.c.store.groups.waitingGroups()) void this.retryWaiting(groupId)
  }

  /** No discussion ends from now on (the profile closes). */
  stop(): void {
    this.ends.stop()
  }

  list(): Group[] {
    return [...this.groups.values()].map((g) => this.view(g))
  }

  get(groupId: string): Group {
    return this.view(this.found(groupId))
  }

  /** The groups we are in now with `peer` in them too. */
  sharedWith(peer: string): string[] {
    return [...this.groups.values()]
      .filter((g) => !g.record.gone && isMember(g.log.state, peer))
      .map((g) => g.record.id)
  }

  /** The others in a group we are in now (none if we are not). */
  members(groupId: string): string[] {
    const group = this.groups.get(groupId)
    return group && !group.record.gone ? this.others(group) : []
  }

  /** Whether a message of this conversation is one the user may see and change: a group of ours. */
  has(conversationId: string): boolean {
    return [...this.groups.keys()].some((id) => groupConversationId(id) === conversationId)
  }

  create(name: string, members: string[]): Promise<Group> {
    return this.make({ kind: 'group', name, members, idleMs: 0 })
  }

  /** A discussion of us and `members`, with no name: everyone in it may add people. */
  startDiscussion(members: string[], idleMs = DISCUSSION_IDLE_MS): Promise<Group> {
    return this.make({ kind: 'discussion', name: '', members, idleMs })
  }

  private async make({
    kind,
    name,
    members,
    idleMs,
  }: {
    kind: Group['kind']
    name: string
    members: string[]
    idleMs: number
  }): Promise<Group> {
    if (this.inCount() >= MAX_GROUPS) {
      throw new ApiError('bad-request', `at most ${MAX_GROUPS} groups`)
    }
    const others = [...new Set(members)].filter((m) => m !== this.c.self)
    const stranger = others.find((m) => !this.c.contacts.isAccepted(m))
    if (stranger) throw new ApiError('bad-request', `${stranger} is not a contact`)
    const log = await GroupLog.create(
      {
        nonce: new Uint8Array(randomBytes(16)),
        kind,
        name,
        members: [this.c.self, ...others],
        admins: kind === 'discussion' ? [this.c.self, ...others] : [this.c.self],
        idleMs,
      },
      this.c.signer,
      Date.now(),
    )
    const group = { log, record: { id: log.id, seq: 0, received: {}, entries: 0 } }
    this.groups.set(log.id, group)
    await this.turns.run(log.id, () => this.took(group, log.entries(), new Set(), { ours: true }))
    return this.view(group)
  }

  /** Adds contacts of ours; in a discussion, where everyone may add people, as admins. */
  async add(groupId: string, peers: string[]): Promise<Group> {
    const stranger = peers.find((m) => !this.c.contacts.isAccepted(m))
    if (stranger) throw new ApiError('bad-request', `${stranger} is not a contact`)
    const group = await this.change(groupId, { type: 'add', peers })
    if (group.kind === 'group') return group
    return this.change(groupId, { type: 'promote', peers })
  }

  remove(groupId: string, peers: string[]): Promise<Group> {
    return this.change(groupId, { type: 'remove', peers })
  }

  /** Makes members admins, or admins members (`promote` or `demote`): an admin's change. */
  setRole(groupId: string, type: 'promote' | 'demote', peers: string[]): Promise<Group> {
    return this.change(groupId, { type, peers })
  }

  leave(groupId: string): Promise<Group> {
    return this.change(groupId, { type: 'leave' })
  }

  setText(groupId: string, type: 'rename' | 'describe' | 'announce', text: string) {
    return this.change(groupId, { type, text })
  }

  /**
   * Sets the group's photo from a picture file (made small and stripped as an
   * avatar is; a bad file changes nothing), or removes it: an admin's change, the
   * photo sent with it.
   */
  async setPhoto(groupId: string, image: Uint8Array | null): Promise<Group> {
    const photo = image && (await makeAvatar(image))
    const digest = photo ? avatarDigest(photo) : ''
    return this.change(groupId, { type: 'photo', digest }, photo ?? undefined)
  }

  /** Sends `content` to the group: sealed once, one parcel for every other member. */
  async send(groupId: string, content: Outgoing, id?: string): Promise<Message> {
    const group = this.current(groupId)
    if (id !== undefined) {
      // A call repeated after a failure: the message its first call stored, if it did.
      const stored = await this.c.store.getMessage(id)
      if (stored?.direction === 'out' && stored.conversationId === groupConversationId(groupId)) {
        return stored
      }
      if (stored) throw new ApiError('bad-request', `message id ${id} is taken`)
    }
    // How many it goes to, kept with it: the outbox counts who still waits for it.
    const delivery = { delivered: 0, of: this.others(group).length }
    const message = { ...this.draft(group, content, id ?? this.newId()), delivery }
    const parcel = await this.turns.run(groupId, async () => {
      const { parcel, rotationDue } = await this.c.senderKeys.atomically(groupId, async (keys) => {
        const { ops, record, parcel, rotationDue } = await this.seal(group, message, keys)
        await this.c.store.addOutgoing(message, ops)
        this.active(group, record)
        return { parcel, rotationDue }
      })
      // A week old, or many messages: the next go under a new key.
      if (rotationDue) await this.took(group, [], memberIds(group.log.state), { rotate: true })
      return parcel
    })
    this.c.events.emit('message', { ...message, path: null })
    this.c.sendNow(this.others(group), parcel)
    return message
  }

  /** Edits or deletes our own message in a group, or reacts to any, as send() sends. */
  async changeMessage(target: Message, content: Outgoing & { kind: Change }): Promise<Message> {
    const groupId = groupIdOf(target.conversationId) ?? ''
    const group = this.current(groupId)
    if (content.kind !== 'reaction' && target.direction !== 'out') {
      throw new ApiError('bad-request', 'only your own messages can be edited or deleted')
    }
    const change = { ...this.draft(group, content, this.newId()), target: target.id }
    const stored = await this.turns.run(groupId, () =>
      this.c.senderKeys.atomically(groupId, async (keys) => {
        let sealed: { record: GroupRecord; parcel: ChatEnvelope } | undefined
        const result = await this.c.store.addOwnChange(change, async () => {
          const { ops, ...rest } = await this.seal(group, change, keys)
          sealed = rest
          return ops
        })
        if (result.ok && sealed) this.active(group, sealed.record)
        return { ...result, parcel: sealed?.parcel }
      }),
    )
    if (!stored.ok) throw new ApiError('bad-request', stored.reason)
    for (const changed of stored.changed) this.c.events.emit('changed', changed)
    if (stored.parcel) this.c.sendNow(this.others(group), stored.parcel)
    return stored.message
  }

  /**
   * Group traffic `peer` sent us (the inbox has checked the envelopes are theirs),
   * in order. Written on disk before it resolves when `sync`. Everything is
   * acknowledged: taken, refused for good (logged), or kept until it can be used.
   */
  async receive(
    peer: string,
    envelopes: ChatEnvelope[],
    path: Path,
    sync: boolean,
  ): Promise<GroupTaken> {
    const how: How = { path, sync, tells: [], retry: new Set(), stored: 0 }
    for (const env of envelopes) {
      const group = env.group
      if (!group) continue
      await this.take(peer, env, group, how)
    }
    const { tells, retry, stored } = how
    return {
      acked: envelopes.map((e) => e.id),
      stored,
      tell: () => {
        for (const tell of tells) tell()
        for (const groupId of retry) void this.retryWaiting(groupId)
      },
    }
  }

  // --- taking what members send ---

  private take(peer: string, env: ChatEnvelope, content: GroupContent, how: How): Promise<Outcome> {
    const { groupId } = content
    return this.turns.run(groupId, async () => {
      const group = this.groups.get(groupId)
      if (!group) {
        if (content.kind === 'membership') return this.join(peer, env, content, how)
        return this.wait(groupId, env, how.sync)
      }
      if (group.record.ended) {
        this.c.log(
          `groups: refused ${content.kind} from ${peer} in ${groupId}: the discussion ended`,
        )
        return 'done'
      }
      // Entries carry their authors' signatures, and the log judges each by what its
      // author was at that point: whoever passes them on, a forgery is refused there.
      // From one not a member as far as we know, entries that follow some we lack wait
      // (on disk) for them: the one who added them may be slower than they are.
      if (content.kind === 'membership') {
        const stranger = !group.record.gone && !isMember(group.log.state, peer)
        if (stranger && !followKnown(group.log, content.entries)) {
          return this.wait(groupId, env, how.sync)
        }
        return this.entries(group, peer, env, content.entries, how)
      }
      // One added whose addition has not reached us yet (it came another way): its
      // traffic waits for the log, like traffic for a group we do not know yet.
      if (!group.record.gone && !isMember(group.log.state, peer)) {
        return this.wait(groupId, env, how.sync)
      }
      const refusal = this.refusal(group, peer)
      if (refusal) {
        this.c.log(`groups: refused ${content.kind} from ${peer} in ${groupId}: ${refusal}`)
        return 'done'
      }
      switch (content.kind) {
        case 'sender-key': {
          const taken = await this.c.senderKeys.process(groupId, peer, content.distribution)
          if (!taken.ok) {
            this.c.log(
              `groups: refused a sender key from ${peer} in ${groupId}: ${taken.error.reason}`,
            )
          } else how.retry.add(groupId)
          return 'done'
        }
        case 'key-request':
          await this.giveKey(group, peer)
          return 'done'
        case 'have':
          await this.handOn(group, peer, content.held)
          return 'done'
        case 'photo':
          return this.photo(group, peer, env, content, how)
        case 'want':
          await this.giveEntries(group, peer, content.hashes)
          return 'done'
        case 'message':
          return this.message(group, peer, env, content, how)
      }
    })
  }

  /** Why `peer` may send no traffic (but the log's entries) to `group`, if it may not. */
  private refusal(group: GroupNow, peer: string): string | undefined {
    if (group.record.gone) return 'we are no longer in the group'
    if (!isMember(group.log.state, peer)) return 'not a member'
    return undefined
  }

  /** The log of a group we do not know yet: taken if it has us (and `peer`) in it. */
  private async join(
    peer: string,
    env: ChatEnvelope,
    content: Extract<GroupContent, { kind: 'membership' }>,
    how: How,
  ): Promise<Outcome> {
    const { groupId, entries } = content
    const genesis = await this.genesisOf(groupId, entries)
    // A change that came before the log: it waits for it.
    if (!genesis) return this.wait(groupId, env, how.sync)
    if (this.inCount() >= MAX_GROUPS) {
      this.c.log(`groups: refused group ${groupId} from ${peer}: we are in ${MAX_GROUPS} groups`)
      return 'done'
    }
    const log = genesis
    for (const signed of entries) await log.receive(signed, this.c.verify)
    if (!isMember(log.state, this.c.self) || !isMember(log.state, peer)) {
      this.c.log(`groups: refused group ${groupId} from ${peer}: not a group of us both`)
      return 'done'
    }
    const group = { log, record: { id: groupId, seq: 0, received: {}, entries: 0 } }
    this.groups.set(groupId, group)
    await this.took(group, log.entries(), new Set(), { sync: how.sync })
    how.retry.add(groupId)
    return 'done'
  }

  private async genesisOf(groupId: string, entries: SignedGroupEntry[]) {
    for (const signed of entries) {
      const opened = await GroupLog.open(signed, this.c.verify)
      if (opened.ok && opened.log.id === groupId) return opened.log
    }
    return undefined
  }

  /**
   * Entries for the log. One held for its parents is in the log's memory only: its
   * batch also waits on disk (acknowledged, it must survive a restart), and is
   * taken again once something joins the log, until none of it is held.
   */
  private async entries(
    group: GroupNow,
    peer: string,
    env: ChatEnvelope,
    entries: SignedGroupEntry[],
    how: How,
  ): Promise<Outcome> {
    const before = memberIds(group.log.state)
    const accepted: GroupEntry[] = []
    const missing = new Set<string>()
    for (const signed of entries) {
      const receipt = await group.log.receive(signed, this.c.verify)
      if (receipt.status === 'accepted') accepted.push(...receipt.entries)
      else if (receipt.status === 'refused') {
        this.c.log(`groups: refused an entry from ${peer} in ${group.record.id}: ${receipt.reason}`)
      } else if (receipt.status === 'held') {
        for (const hash of receipt.missing) missing.add(hash)
      }
    }
    if (accepted.length > 0) {
      await this.took(group, accepted, before, { sync: how.sync })
      // Someone's traffic may have waited for these (a member just added).
      how.retry.add(group.record.id)
    }
    // What they follow may never come from its author (gone for good): the peer has it.
    const wanted = [...missing].filter((hash) => !group.log.has(hash))
    if (wanted.length === 0) return 'done'
    this.c.log(
      `groups: holding entries from ${peer} in ${group.record.id} for ${wanted.length} it follows`,
    )
    await this.askEntries(group, peer, wanted)
    return this.wait(group.record.id, env, how.sync)
  }

  private async message(
    group: GroupNow,
    peer: string,
    env: ChatEnvelope,
    content: Extract<GroupContent, { kind: 'message' }>,
    how: How,
  ): Promise<Outcome> {
    const { groupId, sender, seq, ciphertext } = content
    const refuse = (why: string): Outcome => {
      this.c.log(`groups: refused a message from ${peer} in ${groupId}: ${why}`)
      return 'done'
    }
    // Handed on by another member (a gap it filled): libsignal checks the author's
    // signature. An author not (yet) a member as far as we know: it waits for the log.
    if (sender !== peer && !isMember(group.log.state, sender)) {
      return this.wait(groupId, env, how.sync)
    }
    if (await this.c.store.groups.taken(groupId, sender, seq)) {
      // A copy that came again (through the mailbox and directly), or a replay.
      return refuse(`a copy of ${sender}'s message ${seq}, taken before`)
    }
    const conversationId = groupConversationId(groupId)
    const { clock, store } = this.c
    const outcome = await this.c.senderKeys.atomically(groupId, async (keys) => {
      const opened = await keys.decrypt(sender, ciphertext, (plaintext) => {
        const decoded = decodeGroupPlaintext(plaintext)
        if (!decoded.ok) return fail(decoded.error.reason)
        const { plain } = decoded
        if (plain.seq !== seq) return fail(`sequence number ${plain.seq} sealed, ${seq} in clear`)
        if (plain.envelope.sender !== sender) return fail('sealed by another sender')
        if (plain.envelope.conversationId !== conversationId) return fail('for another group')
        return { ok: true as const, plain }
      })
      if (!opened.ok) return opened
      const m = incoming(
        opened.plain.envelope,
        clock.clamp(opened.plain.envelope.hlc),
        conversationId,
      )
      clock.receive(m.hlc)
      const record = {
        ...group.record,
        received: { ...group.record.received },
        active: latest(group.record, m.hlc.wall),
      }
      let upTo = record.received[sender] ?? 0
      if (seq === upTo + 1) {
        upTo = seq
        while (await store.groups.taken(groupId, sender, upTo + 1)) upTo++
      }
      record.received[sender] = upTo
      const admitted = await store.addIncoming(
        [m],
        clock.latest,
        (fresh) => ({
          keep: fresh,
          ops: [
            ...keys.ops(),
            store.groups.recordOp(record),
            store.groups.ciphertextOp(groupId, sender, seq, ciphertext),
          ],
        }),
        { sync: how.sync },
      )
      this.active(group, record)
      return { ok: true as const, admitted }
    })
    if (!outcome.ok) {
      const { code, reason, distributionId } = outcome.error as {
        code: string
        reason: string
        distributionId?: string
      }
      if (code !== 'no-key') return refuse(`${code}: ${reason}`)
      await this.askKey(group, sender, distributionId ?? '')
      return this.wait(groupId, env, how.sync)
    }
    const { admitted } = outcome
    for (const { change, reason } of admitted.refusedChanges) {
      this.c.log(`groups: refused a change (${change.kind}) from ${peer}: ${reason}`)
    }
    how.stored += admitted.keep.length
    how.tells.push(() => tellStored(this.c.events, admitted.keep, admitted.changed, how.path))
    return 'done'
  }

  /**
   * The group's photo, from any member: taken when the log's last photo change
   * names it (an admin signed its digest) and it is a picture we show; one whose
   * change has not come waits for it, one the log has moved past is done with.
   */
  private async photo(
    group: GroupNow,
    peer: string,
    env: ChatEnvelope,
    content: Extract<GroupContent, { kind: 'photo' }>,
    how: How,
  ): Promise<Outcome> {
    const groupId = group.record.id
    const digest = avatarDigest(content.photo)
    if (this.photos.get(groupId)?.digest === digest) return 'done'
    if (group.log.state.photo !== digest) {
      const past = group.log
        .entries()
        .some(({ change }) => change.type === 'photo' && change.digest === digest)
      return past ? 'done' : this.wait(groupId, env, how.sync)
    }
    let url: string
    try {
      url = await peerAvatarUrl(content.photo, digest)
    } catch (err) {
      this.c.log(`groups: refused a photo from ${peer} in ${groupId}: ${(err as Error).message}`)
      return 'done'
    }
    await this.c.store.groups.write([this.c.store.groups.photoOp(groupId, url)], {
      sync: how.sync,
    })
    this.photos.set(groupId, { digest, url })
    how.tells.push(() => this.c.events.emit('group', this.view(group)))
    return 'done'
  }

  /** Keeps `env` until it can be used (its group's log, or its sender's key, has come). */
  private async wait(groupId: string, env: ChatEnvelope, sync: boolean): Promise<Outcome> {
    const ops = this.c.store.groups.waitOps(groupId, env.sender, env.id, encodeBatch([env]))
    if (ops.length > 0) await this.c.store.groups.write(ops, { sync })
    return 'waiting'
  }

  /** Tries what waits for `groupId` again (a key or the log came), until nothing more can be used. */
  private async retryWaiting(groupId: string): Promise<void> {
    if (this.retrying.has(groupId)) {
      this.retrying.set(groupId, true)
      return
    }
    this.retrying.set(groupId, false)
    try {
      let again = true
      while (again) {
        again = false
        const how: How = { path: 'relayed', sync: false, tells: [], retry: new Set(), stored: 0 }
        const { tells, retry } = how
        for (const { key, bytes } of await this.c.store.groups.waitingFor(groupId)) {
          const decoded = decodeBatch(bytes)
          const env = decoded.ok ? decoded.envelopes[0] : undefined
          const outcome = env?.group ? await this.take(env.sender, env, env.group, how) : 'done'
          if (outcome === 'done')
            await this.c.store.groups.write([this.c.store.groups.unwaitOp(key)])
        }
        for (const tell of tells) tell()
        again = retry.size > 0 && [...retry].some((id) => id === groupId)
        again ||= this.retrying.get(groupId) === true
        this.retrying.set(groupId, false)
      }
    } catch (err) {
      this.c.log(`groups: trying again what waits in ${groupId}: ${(err as Error).message}`)
    } finally {
      this.retrying.delete(groupId)
    }
  }

  // --- names ---

  /**
   * A peer greeted us with its name: kept while we share a group (members need not
   * be contacts, and are named by it), and the groups it is in are shown again.
   */
  async named(peer: string, name: string): Promise<void> {
    if (this.names.get(peer) === name) return
    const shared = [...this.groups.values()].filter(
      (g) => !g.record.ended && isMember(g.log.state, peer),
    )
    if (shared.length === 0) {
      this.told.delete(peer)
      this.told.set(peer, name)
      if (this.told.size > MAX_TOLD_NAMES) this.told.delete(this.told.keys().next().value as string)
      return
    }
    this.told.delete(peer)
    await this.c.store.groups.write([this.c.store.groups.nameOp(peer, name)])
    this.names.set(peer, name)
    for (const group of shared) this.c.events.emit('group', this.view(group))
  }

  /** Names told before we shared a group with them, for those now in `group`: ops keeping them. */
  private namesOps(group: GroupNow): Op[] {
    const ops: Op[] = []
    for (const { peerId } of group.log.state.members) {
      const name = this.told.get(peerId)
      if (name === undefined) continue
      this.told.delete(peerId)
      this.names.set(peerId, name)
      ops.push(this.c.store.groups.nameOp(peerId, name))
    }
    return ops
  }

  private view(group: GroupNow): Group {
    const photo = this.photos.get(group.record.id)
    const shown = photo && photo.digest === group.log.state.photo ? photo.url : undefined
    return view(group, this.c.self, this.names, shown)
  }

  // --- discussions ---

  /** Keeps a discussion's history when it ends, or lets it go (at once, if it has ended). */
  keepHistory(groupId: string, keep: boolean): Promise<Group> {
    const group = this.found(groupId)
    return this.turns.run(groupId, async () => {
      if (group.log.state.kind !== 'discussion') {
        throw new ApiError('bad-request', 'only a discussion ends: a group keeps its history')
      }
      const { keep: _, ...rest } = group.record
      if (keep && rest.ended)
        throw new ApiError('bad-request', 'this discussion ended: its history is gone')
      const record: GroupRecord = keep ? { ...rest, keep: true } : rest
      await this.c.store.groups.write([this.c.store.groups.recordOp(record)])
      group.record = record
      if (record.ended) await this.forgetHistory(group)
      const now = this.view(group)
      this.c.events.emit('group', now)
      return now
    })
  }

  /** Ends every discussion whose time ran out, then waits for the next. */
  private async endDue(): Promise<void> {
    try {
      for (const group of this.groups.values()) {
        if (!isOver(group.log.state, group.record, this.c.self, Date.now())) continue
        await this.turns.run(group.record.id, async () => {
          if (isOver(group.log.state, group.record, this.c.self, Date.now())) await this.end(group)
        })
      }
    } catch (err) {
      this.c.log(`groups: ending discussions: ${(err as Error).message}`)
    }
    this.armEnd()
  }

  private armEnd(): void {
    let next: number | undefined
    for (const { log, record } of this.groups.values()) {
      const end = endsAt(log.state, record)
      if (end !== undefined && (next === undefined || end < next)) next = end
    }
    this.ends.arm(next)
  }

  /**
   * A discussion is over for us: it takes nothing more, our keys for it go, and its
   * history too unless kept (the record first, so that a restart finishes the job).
   */
  private async end(group: GroupNow): Promise<void> {
    const groupId = group.record.id
    const record: GroupRecord = { ...group.record, gone: true, ended: true }
    await this.c.senderKeys.forget(groupId)
    await this.c.store.groups.write([this.c.store.groups.recordOp(record)], { sync: true })
    group.record = record
    if (!record.keep) await this.forgetHistory(group)
    this.c.log(`groups: discussion ${groupId} ended${record.keep ? ', its history kept' : ''}`)
    this.c.events.emit('group', this.view(group))
  }

  /** An ended discussion's messages leave the profile: its conversation, and the copies kept for members. */
  private async forgetHistory(group: GroupNow): Promise<void> {
    const { groups } = this.c.store
    await groups.write(await groups.forgetOps(group.record.id))
    await this.c.store.deleteConversation(groupConversationId(group.record.id))
  }

  // --- entries held for their parents ---

  /** Asks `peer` for entries that ones it sent follow (once each per run). */
  private async askEntries(group: GroupNow, peer: string, hashes: string[]): Promise<void> {
    const fresh = hashes.filter((hash) => !this.asked.has(`${group.record.id}!${peer}!${hash}`))
    if (fresh.length === 0) return
    for (const hash of fresh) this.asked.add(`${group.record.id}!${peer}!${hash}`)
    const content: GroupContent = {
      kind: 'want',
      groupId: group.record.id,
      hashes: fresh.slice(0, MAX_GROUP_BATCH_ENTRIES),
    }
    await this.c.store.groups.write(this.parcel(group, [peer], content))
    this.c.deliver(peer)
  }

  /**
   * A member lacks entries that ones we sent follow: it gets those we hold, each
   * once per run (they go through our outbox: asking again costs us nothing more).
   */
  private async giveEntries(group: GroupNow, peer: string, hashes: string[]): Promise<void> {
    const key = (hash: string) => `${group.record.id}!${peer}!${hash}`
    const wanted = new Set(hashes.filter((hash) => !this.given.has(key(hash))))
    const found = group.log.entries().filter((entry) => wanted.has(entry.hash))
    if (found.length === 0) return
    for (const entry of found) this.given.add(key(entry.hash))
    await this.c.store.groups.write(this.membership(group, [peer], found))
    this.c.deliver(peer)
  }

  // --- sender keys ---

  /** Asks `sender` for the key a message of theirs needs (once per key). */
  private async askKey(group: GroupNow, sender: string, distributionId: string): Promise<void> {
    const key = `${group.record.id}!${sender}!${distributionId}`
    if (this.asked.has(key) || !/^[0-9a-f-]{36}$/.test(distributionId)) return
    this.asked.add(key)
    this.c.log(`groups: asking ${sender} for its key in ${group.record.id}`)
    const content: GroupContent = { kind: 'key-request', groupId: group.record.id, distributionId }
    await this.c.store.groups.write(this.parcel(group, [sender], content))
    this.c.deliver(sender)
  }

  /** A member asks for our key again: from its start if they were a member when it was made, else from now. */
  private async giveKey(group: GroupNow, peer: string): Promise<void> {
    const from = group.record.keyFor?.includes(peer) ? 'start' : 'now'
    const own = await this.c.senderKeys.distribution(group.record.id, from)
    const content: GroupContent = {
      kind: 'sender-key',
      groupId: group.record.id,
      distribution: own.distribution,
    }
    await this.c.store.groups.write(this.parcel(group, [peer], content))
    this.c.deliver(peer)
  }

  // --- gaps ---

  /** What we hold of the group's messages: every member's (ours too) up to a sequence number. */
  private held(group: GroupNow): GroupContent {
    const { seq, received } = group.record
    const held = Object.entries({ ...received, [this.c.self]: seq })
      .filter(([sender, upTo]) => upTo > 0 && isMember(group.log.state, sender))
      .map(([sender, upTo]) => ({ sender, seq: upTo }))
    return { kind: 'have', groupId: group.record.id, held }
  }

  /** A member told what it holds: it gets what we hold beyond it, as it came (up to MAX_HANDED_ON). */
  private async handOn(group: GroupNow, peer: string, held: { sender: string; seq: number }[]) {
    const theirs = new Map(held.map((h) => [h.sender, h.seq]))
    const { groups } = this.c.store
    const groupId = group.record.id
    const ops: Op[] = []
    let handed = 0
    for (const { peerId: sender } of group.log.state.members) {
      // Ours wait in our outbox until the member has them: handed on, they would come twice.
      if (sender === peer || sender === this.c.self) continue
      const ours = group.record.received[sender] ?? 0
      for (let seq = (theirs.get(sender) ?? 0) + 1; seq <= ours && handed < MAX_HANDED_ON; seq++) {
        const ciphertext = await groups.ciphertext(groupId, sender, seq)
        if (!ciphertext) continue
        const message: GroupContent = {
          kind: 'message',
          groupId,
          sender,
          seq,
          ciphertext: new Uint8Array(ciphertext),
        }
        ops.push(...this.parcel(group, [peer], message))
        handed++
      }
    }
    if (handed === 0) return
    await groups.write(ops)
    this.c.log(`groups: handing ${handed} message(s) of ${groupId} on to ${peer}`)
    this.c.deliver(peer)
  }

  // --- membership changes ---

  /** Makes, signs and sends a change of ours (a photo change with its photo). */
  private async change(groupId: string, change: GroupChange, photo?: Uint8Array): Promise<Group> {
    const group = this.current(groupId)
    return this.turns.run(groupId, async () => {
      const before = memberIds(group.log.state)
      const receipt = await group.log.append(change, this.c.signer, Date.now())
      if (receipt.status !== 'accepted') {
        const why = receipt.status === 'refused' ? receipt.reason : receipt.status
        throw new ApiError('bad-request', `the group refuses that change: ${why}`)
      }
      await this.took(group, receipt.entries, before, { ours: true, ...(photo ? { photo } : {}) })
      return this.view(group)
    })
  }

  /**
   * Entries joined `group`'s log (ours if `ours`): they are stored, with what
   * follows from them, in one write: ours go to the members (and to those they
   * remove), a member we added gets the whole log, our sender key goes to whoever
   * needs it (a new one when someone went), and the conversation shows the group
   * as it now is. Then the members concerned are sent what waits for them.
   */
  private async took(
    group: GroupNow,
    entries: readonly GroupEntry[],
    before: ReadonlySet<string>,
    how: { ours?: boolean; sync?: boolean; rotate?: boolean; photo?: Uint8Array } = {},
  ): Promise<void> {
    const { ours = false, sync = true, rotate = false } = how
    const { self, store } = this.c
    const groupId = group.record.id
    const after = memberIds(group.log.state)
    const others = [...after].filter((p) => p !== self)
    const gone = [...before].filter((p) => !after.has(p))
    const added = others.filter((p) => !before.has(p))
    const record: GroupRecord = {
      ...group.record,
      entries: group.record.entries + entries.length,
      active: latest(group.record, ...entries.map((e) => Math.min(e.at, Date.now()))),
    }
    const ops = [
      ...store.groups.entryOps(groupId, group.record.entries, entries),
      ...this.namesOps(group),
    ]
    if (ours) {
      const told = [...new Set([...before, ...after])].filter(
        (p) => p !== self && !added.includes(p),
      )
      ops.push(...this.membership(group, told, entries))
      if (added.length > 0) ops.push(...this.membership(group, added, group.log.entries()))
      ops.push(...this.photoOps(group, told, added, how.photo))
    }
    if (after.has(self)) {
      // Added back after we left or were removed: in again, with a new key for all.
      if (record.gone) delete record.gone
      const key = await this.keyFor(group, before.has(self), gone, added, rotate)
      if (key) {
        ops.push(...this.parcel(group, key.to, senderKey(groupId, key.distribution)))
        if (key.from === 'start') record.keyFor = others
      }
    } else if (before.has(self)) {
      record.gone = true
      await this.c.senderKeys.forget(groupId)
    }
    const { name } = group.log.state
    const notices = entries.flatMap((entry) => this.notice(groupId, entry) ?? [])
    ops.push(
      store.groups.recordOp(record),
      // Before the notices: they are the conversation's newest lines.
      store.conversations.group(groupConversationId(groupId), name, others),
      ...notices.flatMap((notice) => store.noticeOps(notice)),
    )
    await store.groups.write(ops, { sync })
    group.record = record
    store.conversations.tell([groupConversationId(groupId)])
    this.c.events.emit('group', this.view(group))
    for (const notice of notices) this.c.events.emit('message', { ...notice, path: null })
    for (const peer of new Set([...before, ...after])) if (peer !== self) this.c.deliver(peer)
    if (isOver(group.log.state, group.record, self, Date.now())) await this.end(group)
    else if (group.log.state.kind === 'discussion') this.armEnd()
  }

  /** The line a change puts in the group's conversation, for those people see. */
  private notice(groupId: string, entry: GroupEntry): Message | undefined {
    const groupNotice = noticeOf(entry)
    if (!groupNotice) return undefined
    const hlc = this.c.clock.tick()
    const conversationId = groupConversationId(groupId)
    const ours = entry.author === this.c.self
    return {
      kind: 'group',
      groupNotice,
      id: this.newId(hlc.wall),
      conversationId,
      peerId: conversationId,
      sender: entry.author,
      direction: ours ? 'out' : 'in',
      text: '',
      hlc,
      status: ours ? 'delivered' : 'received',
    }
  }

  /** Which key of ours to give whom after a membership change, if any. */
  private async keyFor(
    group: GroupNow,
    wasIn: boolean,
    gone: string[],
    added: string[],
    rotate: boolean,
  ): Promise<
    { to: string[]; distribution: Uint8Array<ArrayBuffer>; from: 'start' | 'now' } | undefined
  > {
    const groupId = group.record.id
    const others = [...memberIds(group.log.state)].filter((p) => p !== this.c.self)
    if (!wasIn) {
      const own = await this.c.senderKeys.distribution(groupId, 'start')
      return { to: others, distribution: own.distribution, from: 'start' }
    }
    if (gone.length > 0 || rotate) {
      const own = await this.c.senderKeys.rotate(groupId, gone)
      return { to: others, distribution: own.distribution, from: 'start' }
    }
    if (added.length > 0) {
      const own = await this.c.senderKeys.distribution(groupId, 'now')
      return { to: added, distribution: own.distribution, from: 'now' }
    }
    return undefined
  }

  /**
   * Our new photo (kept, and sent to the members `told` of its change), and the
   * group's photo to members we `added`.
   */
  private photoOps(group: GroupNow, told: string[], added: string[], photo?: Uint8Array): Op[] {
    const groupId = group.record.id
    const ops: Op[] = []
    if (photo) {
      const url = dataUrl(photo, 'image/webp')
      this.photos.set(groupId, { digest: avatarDigest(photo), url })
      ops.push(this.c.store.groups.photoOp(groupId, url))
    }
    const held = this.photos.get(groupId)
    if (!held || held.digest !== group.log.state.photo) return ops
    const content: GroupContent = {
      kind: 'photo',
      groupId,
      photo: new Uint8Array(dataUrlBytes(held.url)),
    }
    return [...ops, ...this.parcel(group, [...(photo ? told : []), ...added], content)]
  }

  /** Parcels of `entries` for `peers`, as many as they take. */
  private membership(group: GroupNow, peers: string[], entries: readonly GroupEntry[]): Op[] {
    if (peers.length === 0) return []
    const ops: Op[] = []
    let chunk: SignedGroupEntry[] = []
    let bytes = 0
    const flush = () => {
      if (chunk.length === 0) return
      ops.push(
        ...this.parcel(group, peers, {
          kind: 'membership',
          groupId: group.record.id,
          entries: chunk,
        }),
      )
      chunk = []
      bytes = 0
    }
    for (const { signed } of entries) {
      const size = signed.entry.byteLength + signed.signature.byteLength + 8
      if (chunk.length >= MAX_GROUP_BATCH_ENTRIES || bytes + size > MEMBERSHIP_BYTES) flush()
      chunk.push(signed)
      bytes += size
    }
    flush()
    return ops
  }

  // --- sending ---

  /**
   * A parcel of `content` for `peers`, in the outbox: the ops that queue it. A
   * message's parcel goes under the message's id, so that the outbox tells of its
   * delivery to each member as of a message's.
   */
  private parcel(group: GroupNow, peers: string[], content: GroupContent, id = this.newId()): Op[] {
    if (peers.length === 0) return []
    return this.queue(peers, this.envelope(group, content, id))
  }

  /** The envelope that carries `content` to members, under `id`. */
  private envelope(group: GroupNow, content: GroupContent, id: string): ChatEnvelope {
    return {
      id,
      conversationId: groupConversationId(group.record.id),
      sender: this.c.self,
      hlc: this.c.clock.tick(),
      kind: 'group',
      text: '',
      group: content,
    }
  }

  /** The ops that queue `parcel` in the outbox for `peers` (a message's: `message`). */
  private queue(peers: string[], parcel: ChatEnvelope, message?: Message): Op[] {
    if (peers.length === 0) return []
    const carries = message?.delivery && {
      conversationId: message.conversationId,
      of: message.delivery.of,
    }
    return this.c.store.outbox.queueParcelOps(peers, parcel.id, encodeBatch([parcel]), carries)
  }

  /** Seals `m` once for the group; resolves with the ops that store its chain step and send it. */
  private async seal(
    group: GroupNow,
    m: Message,
    keys: GroupKeys,
  ): Promise<{ ops: Op[]; record: GroupRecord; parcel: ChatEnvelope; rotationDue: boolean }> {
    const seq = group.record.seq + 1
    const sealing = envelopeOf(m)
    const envelope = { ...sealing, kind: sealing.kind as GroupContentKind }
    const sealed = await keys.encrypt(encodeGroupPlaintext({ seq, envelope }))
    const groupId = group.record.id
    const content: GroupContent = {
      kind: 'message',
      groupId,
      sender: this.c.self,
      seq,
      ciphertext: sealed.ciphertext,
    }
    const others = [...memberIds(group.log.state)].filter((p) => p !== this.c.self)
    const record = { ...group.record, seq, active: latest(group.record, m.hlc.wall) }
    const parcel = this.envelope(group, content, m.id)
    return {
      record,
      parcel,
      ops: [
        ...keys.ops(),
        this.c.store.groups.recordOp(record),
        // Kept as members' are (the parcel goes once every member has it).
        this.c.store.groups.ciphertextOp(groupId, this.c.self, seq, sealed.ciphertext),
        ...this.queue(others, parcel, m),
      ],
      rotationDue: sealed.rotationDue,
    }
  }

  /** `record` is stored: what was said there keeps a discussion going. */
  private active(group: GroupNow, record: GroupRecord): void {
    group.record = record
    if (group.log.state.kind === 'discussion') this.armEnd()
  }

  private draft(group: GroupNow, content: Outgoing, id: string): Message {
    const conversationId = groupConversationId(group.record.id)
    return {
      ...content,
      id,
      conversationId,
      peerId: conversationId,
      sender: this.c.self,
      direction: 'out',
      hlc: this.c.clock.tick(),
      status: 'pending',
    }
  }

  /** Groups that count towards MAX_GROUPS: all but discussions that ended. */
  private inCount(): number {
    let n = 0
    for (const { record } of this.groups.values()) if (!record.ended) n++
    return n
  }

  private others(group: GroupNow): string[] {
    return [...memberIds(group.log.state)].filter((p) => p !== this.c.self)
  }

  private found(groupId: string): GroupNow {
    const group = this.groups.get(groupId)
    if (!group) throw new ApiError('not-found', `no group ${groupId}`)
    return group
  }

  /** A group we are in now. */
  private current(groupId: string): GroupNow {
    const group = this.found(groupId)
    if (group.record.gone) throw new ApiError('bad-request', 'you are no longer in this group')
    return group
  }
}

interface How {
  path: Path
  sync: boolean
  /** What to tell the UI once the inbox is done with the batch. */
  tells: (() => void)[]
  /** Groups whose waiting traffic may now be usable. */
  retry: Set<string>
  /** Messages stored. */
  stored: number
}

function senderKey(groupId: string, distribution: Uint8Array<ArrayBuffer>): GroupContent {
  return { kind: 'sender-key', groupId, distribution }
}

function memberIds(state: GroupState): Set<string> {
  return new Set(state.members.map((m) => m.peerId))
}

function isMember(state: GroupState, peer: string): boolean {
  return state.members.some((m) => m.peerId === peer)
}

function fail(reason: string) {
  return { ok: false as const, error: { code: 'invalid' as const, reason } }
}

/** What a change to the log says to people; an expiry says nothing. */
function noticeOf({ author: by, change }: GroupEntry): GroupNotice | undefined {
  switch (change.type) {
    case 'genesis':
      return {
        type: 'create',
        by,
        peers: change.members.filter((p) => p !== by),
        text: change.name,
      }
    case 'add':
    case 'remove':
    case 'promote':
    case 'demote':
      return { type: change.type, by, peers: change.peers }
    case 'leave':
      return { type: 'leave', by }
    case 'rename':
    case 'describe':
    case 'announce':
      return { type: change.type, by, text: change.text }
    case 'photo':
      return { type: 'photo', by, text: change.digest }
    default:
      return undefined
  }
}

function view(
  group: GroupNow,
  self: string,
  names: ReadonlyMap<string, string>,
  photo: string | undefined,
): Group {
  const { state } = group.log
  return {
    id: group.record.id,
    conversationId: groupConversationId(group.record.id),
    kind: state.kind,
    name: state.name,
    description: state.description,
    announcement: state.announcement,
    members: state.members.map(({ peerId, role }) => {
      const name = names.get(peerId)
      return { peerId, role, ...(name ? { name } : {}) }
    }),
    gone: group.record.gone === true || !isMember(state, self),
    idleMs: state.idleMs,
    endsAt: endsAt(state, group.record) ?? null,
    ended: group.record.ended === true,
    keep: group.record.keep === true,
    ...(photo ? { photo } : {}),
  }
}

/** The later of a record's last activity and these clock readings. */
function latest(record: GroupRecord, ...walls: number[]): number {
  return Math.max(record.active ?? 0, ...walls)
}

/** Whether every entry follows only entries in `log`, or in the same batch. */
function followKnown(log: GroupLog, entries: SignedGroupEntry[]): boolean {
  const read = entries.map(readEntry)
  const batch = new Set(read.flatMap((r) => (r.ok ? [r.entry.hash] : [])))
  return read.every(
    (r) => !r.ok || r.entry.parents.every((parent) => log.has(parent) || batch.has(parent)),
  )
}
