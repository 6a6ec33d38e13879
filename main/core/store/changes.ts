// How a change (an edit, a deletion for everyone, a reaction) alters the message it
// names. Pure, so that both sides, whatever order changes arrive in, end with the
// same message: edits are ordered by their clock readings (the newest is shown),
// a deletion wins over everything, and each person's newest reaction counts.
import type { Change, Message, Reaction } from '../../../protocol/api.ts'
import { compareHlc } from '../../../protocol/hlc.ts'
import { DELETE_FOR_EVERYONE_MS, MAX_EDITS } from '../../../protocol/limits.ts'

export type Applied =
  | { ok: true; message: Message; change: 'edited' | 'deleted' | 'reacted' }
  /** Nothing changes, rightly (a change to a deleted message, an older reaction). */
  | { ok: true; message: Message; change: null }
  | { ok: false; reason: string }

export function isChange(m: Pick<Message, 'kind'>): m is { kind: Change } {
  return m.kind === 'edit' || m.kind === 'delete' || m.kind === 'reaction'
}

/** Whether `m` can be changed at all: a text or a reply, not a notice or a change. */
export function isChangeable(m: Message): boolean {
  return m.kind === undefined
}

/** `target` with `change` applied, or why `change` is refused. */
export function applyChange(target: Message, change: Message): Applied {
  if (!isChangeable(target)) return refuse(`${target.id} is not a message that can be changed`)
  if (change.conversationId !== target.conversationId) {
    return refuse(`${target.id} is in another conversation`)
  }
  const own = change.sender === target.sender
  if (change.kind === 'reaction') return react(target, change)
  if (!own) return refuse(`only its author may ${change.kind} ${target.id}`)
  if (target.deleted) return { ok: true, message: target, change: null }
  if (change.kind === 'delete') {
    if (change.hlc.wall - target.hlc.wall > DELETE_FOR_EVERYONE_MS) {
      return refuse(`${target.id} is too old to delete for everyone`)
    }
    return { ok: true, message: tombstone(target), change: 'deleted' }
  }
  return edit(target, change)
}

/** What is left of a message deleted for everyone: who, when, and nothing of what. */
export function tombstone(m: Message): Message {
  const { id, conversationId, peerId, sender, direction, hlc, status } = m
  return { id, conversationId, peerId, sender, direction, text: '', hlc, status, deleted: true }
}

function edit(target: Message, change: Message): Applied {
  const versions = target.edits ?? []
  if (versions.length >= MAX_EDITS) return refuse(`${target.id} was edited ${MAX_EDITS} times`)
  const shown = { text: target.text, hlc: target.editedAt ?? target.hlc }
  const version = { text: change.text, hlc: change.hlc }
  // An edit older than the text shown (they crossed, or came out of order) joins the history.
  const newer = compareHlc(version.hlc, shown.hlc) > 0
  const [now, earlier] = newer ? [version, shown] : [shown, version]
  const edits = [...versions, earlier].sort((a, b) => compareHlc(a.hlc, b.hlc))
  const { mentions: _, ...rest } = target
  const mentions = newer ? change.mentions : target.mentions
  return {
    ok: true,
    change: 'edited',
    message: {
      ...rest,
      text: now.text,
      edits,
      editedAt: now.hlc,
      ...(mentions ? { mentions } : {}),
    },
  }
}

function react(target: Message, change: Message): Applied {
  if (target.deleted) return { ok: true, message: target, change: null }
  const reactions = target.reactions ?? []
  const known = reactions.find((r) => r.peerId === change.sender)
  if (known && compareHlc(known.hlc, change.hlc) >= 0) {
    return { ok: true, message: target, change: null }
  }
  const reaction: Reaction = { peerId: change.sender, emoji: change.text, hlc: change.hlc }
  const others = reactions.filter((r) => r.peerId !== change.sender)
  return { ok: true, change: 'reacted', message: { ...target, reactions: [...others, reaction] } }
}

function refuse(reason: string): Applied {
  return { ok: false, reason }
}
