// The words of the tray and of notifications, kept apart from Electron so they are tested.
import type { Contact, Conversation, Message } from '../../protocol/api.ts'
import { shownName } from '../../protocol/names.ts'

const PREVIEW_CHARS = 120

export function totalUnread(conversations: readonly Conversation[]): number {
  return conversations.reduce((sum, c) => sum + c.unread, 0)
}

export function trayTooltip(unread: number): string {
  if (unread === 0) return 'Parley'
  return `Parley: ${unread} unread message${unread === 1 ? '' : 's'}`
}

/** The sender as a notification names them: their display name, else a short peer id. */
export function senderName(contacts: readonly Contact[], peerId: string): string {
  return shownName(
    peerId,
    contacts.find((c) => c.peerId === peerId),
  )
}

/** A notification's title and body for a message: a group's names the group, and the sender in the body. */
export function messageNotification(
  contacts: readonly Contact[],
  message: Pick<Message, 'kind' | 'text' | 'sender' | 'groupNotice'>,
  conversation: Pick<Conversation, 'kind' | 'name'>,
): { title: string; body: string } {
  const sender = senderName(contacts, message.sender)
  if (conversation.kind !== 'group') return { title: sender, body: notificationBody(message) }
  const notice = message.groupNotice
  const said = notice?.type === 'announce' ? `announced: ${notice.text ?? ''}` : message.text
  return { title: conversation.name ?? '', body: preview(`${sender}: ${said}`) }
}

/** What a notification says of a message: the text, or what a request, acceptance or notice means. */
export function notificationBody(message: Pick<Message, 'kind' | 'text'>): string {
  if (message.kind === 'accept') return 'Accepted your friend request'
  if (message.kind === 'identity-changed') return 'Your safety number has changed'
  if (message.kind === 'request') return preview(`Friend request: ${message.text}`)
  return preview(message.text)
}

/** One line of the message, cut at a character (not a UTF-16 unit) boundary. */
export function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  const chars = [...line]
  return chars.length <= PREVIEW_CHARS ? line : `${chars.slice(0, PREVIEW_CHARS - 1).join('')}…`
}
