// The conversations' summaries: their kind and members, last activity, a preview of
// the newest message and the unread count. All in memory (the list is shown whole),
// written with the messages that change them.
import type { Conversation, Message, Notice } from '../../../protocol/api.ts'
import { isChange } from './changes.ts'
import { del, type Op, type ProfileDb, put } from './profile-db.ts'

const PREVIEW_CHARS = 120

export class Conversations {
  /** Told of every conversation whose record changed (new message, read), once stored. */
  onChange: (conversation: Conversation) => void = () => {}

  private constructor(
    private readonly db: ProfileDb,
    private readonly records: ReturnType<typeof sublevelOf>,
    private readonly conversations: Map<string, Conversation>,
  ) {}

  static async load(db: ProfileDb): Promise<Conversations> {
    const records = sublevelOf(db)
    const conversations = new Map<string, Conversation>()
    for await (const [id, conv] of records.iterator()) {
      // Stored before conversations had kinds: every one was direct.
      const { kind = 'direct', members = [conv.peerId] } = conv
      conversations.set(id, { ...conv, kind, members })
    }
    return new Conversations(db, records, conversations)
  }

  /** Most recently active first. */
  list(limit: number): Conversation[] {
    return [...this.conversations.values()]
      .sort((a, b) => b.lastActivity - a.lastActivity)
      .slice(0, limit)
  }

  get(id: string): Conversation | undefined {
    return this.conversations.get(id)
  }

  /** Its conversation's record with a new message `m` in it. */
  added(m: Message): Op {
    const prev = this.conversations.get(m.conversationId)
    const conv: Conversation = {
      id: m.conversationId,
      kind: 'direct',
      members: [m.peerId],
      ...(prev?.kind === 'group' ? { kind: 'group', members: prev.members, name: prev.name } : {}),
      peerId: m.peerId,
      lastActivity: Math.max(prev?.lastActivity ?? 0, m.hlc.wall),
      lastMessage: prev && prev.lastActivity > m.hlc.wall ? prev.lastMessage : lastMessageOf(m),
      unread: (prev?.unread ?? 0) + (m.direction === 'in' ? 1 : 0),
      ...(prev?.muted ? { muted: true } : {}),
    }
    return this.set(conv)
  }

  /** A group's conversation as its membership now is (made if new): its name and members but us. */
  group(id: string, name: string, members: string[]): Op {
    const prev = this.conversations.get(id)
    return this.set({
      id,
      kind: 'group',
      members,
      peerId: id,
      name,
      lastActivity: prev?.lastActivity ?? Date.now(),
      lastMessage: prev?.lastMessage ?? null,
      unread: prev?.unread ?? 0,
      ...(prev?.muted ? { muted: true } : {}),
    })
  }

  /** Its conversation's record with `m` changed (edited, deleted), if `m` is its preview. */
  changed(m: Message): Op[] {
    const conv = this.conversations.get(m.conversationId)
    if (conv?.lastMessage?.id !== m.id) return []
    return [this.set({ ...conv, lastMessage: lastMessageOf(m) })]
  }

  /** Its conversation's record with `m` gone from it: `previous` is its preview now. */
  removed(m: Message, previous: Message | undefined): Op[] {
    const conv = this.conversations.get(m.conversationId)
    if (conv?.lastMessage?.id !== m.id) return []
    return [this.set({ ...conv, lastMessage: previous ? lastMessageOf(previous) : null })]
  }

  /** Mutes or unmutes a conversation, on disk; undefined if there is none. */
  async setMuted(conversationId: string, muted: boolean): Promise<Conversation | undefined> {
    const conv = this.conversations.get(conversationId)
    if (!conv) return undefined
    const { muted: _, ...rest } = conv
    await this.db.write([this.set(muted ? { ...rest, muted: true } : rest)])
    this.tell([conversationId])
    return this.conversations.get(conversationId)
  }

  async markRead(conversationId: string): Promise<void> {
    const conv = this.conversations.get(conversationId)
    if (!conv || conv.unread === 0) return
    const op = this.set({ ...conv, unread: 0 })
    await this.db.write([op])
    this.tell([conversationId])
  }

  deleteOps(conversationId: string): Op[] {
    this.conversations.delete(conversationId)
    return [del(this.records, conversationId)]
  }

  /** Tells onChange of these conversations, once their writes are stored. */
  tell(ids: Iterable<string>): void {
    for (const id of new Set(ids)) {
      const conv = this.conversations.get(id)
      if (conv) this.onChange(conv)
    }
  }

  private set(conv: Conversation): Op {
    this.conversations.set(conv.id, conv)
    return put(this.records, conv.id, conv)
  }
}

function sublevelOf(db: ProfileDb) {
  return db.sublevel<Conversation>('c', 'json')
}

/** A conversation's preview of its newest message. */
function lastMessageOf(m: Message): NonNullable<Conversation['lastMessage']> {
  return {
    id: m.id,
    text: m.text.slice(0, PREVIEW_CHARS),
    direction: m.direction,
    sender: m.sender,
    ...(m.kind && !isChange(m) ? { kind: m.kind as Notice } : {}),
    ...(m.groupNotice ? { groupNotice: m.groupNotice } : {}),
    ...(m.deleted ? { deleted: true as const } : {}),
  }
}
