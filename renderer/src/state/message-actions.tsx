// What the user can do to a message, from its bubble: reply, edit, delete, react, and
// jump to the message a reply answers. The open chat provides them.
import { createContext, useContext } from 'react'
import type { Message } from '../../../protocol/api.ts'

export interface MessageActions {
  /** Our own peer id: whose reactions and messages are "mine". */
  self: string
  /** The conversation's name: the other person's, or the group's. */
  name: string
  /** A group's chat: bubbles name their senders, deleting for everyone reaches every member. */
  group: boolean
  /** Who a peer is here ("You" for us), for senders, quotes and reactions. */
  nameOf(peerId: string): string
  /** Nothing new can be written (a group we left): messages can only be read, or deleted for me. */
  readOnly: boolean
  reply(message: Message): void
  edit(message: Message): void
  remove(message: Message, forEveryone: boolean): Promise<void>
  react(message: Message, emoji: string | null): Promise<void>
  jump(id: string): void
}

export const MessageActionsContext = createContext<MessageActions | null>(null)

export function useMessageActions(): MessageActions {
  const actions = useContext(MessageActionsContext)
  if (!actions) throw new Error('useMessageActions outside an open chat')
  return actions
}
