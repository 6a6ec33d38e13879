// What the user can do to a message, from its bubble: reply, edit, delete, react, and
// jump to the message a reply answers. The open chat provides them.
import { createContext, useContext } from 'react'
import type { Message } from '../../../protocol/api.ts'

export interface MessageActions {
  /** Our own peer id: whose reactions and messages are "mine". */
  self: string
  /** The other person's name, for quotes and reactions. */
  name: string
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
