// Which messages call for attention (a notification): the core decides, so every
// host follows one rule. A message that came in a listed conversation calls for it,
// unless the conversation is muted and the message does not mention us; a group's
// notices (someone joined, the name changed) never do, but a new announcement,
// which every member is to see, does, muted or not.
import type { Conversation, ParleyEvents } from '../../../protocol/api.ts'
import type { Emitter, Unsubscribe } from '../../../protocol/emitter.ts'

export function callAttention(
  events: Emitter<ParleyEvents>,
  self: string,
  /** The conversation as listed, or undefined if it is not (a request's). */
  listed: (conversationId: string) => Conversation | undefined,
): Unsubscribe {
  return events.on('message', (message) => {
    if (message.direction !== 'in') return
    const notice = message.groupNotice
    const announced = notice?.type === 'announce' && notice.text !== ''
    if (message.kind === 'group' && !announced) return
    const conversation = listed(message.conversationId)
    if (!conversation) return
    const mentioned = message.mentions?.some((m) => m.peerId === self) ?? false
    if (conversation.muted && !mentioned && !announced) return
    events.emit('attention', { kind: 'message', message, conversation, mentioned })
  })
}
