// How system lines read (a friend request, its acceptance, a changed safety
// number), the same in the chat, in a sidebar preview and when announced to
// screen readers.
import type { TFunction } from 'i18next'
import type { Message } from '../../protocol/api.ts'

/**
 * The line for a request (its text is the greeting) or an acceptance, sent or
 * received, or a changed safety number; `name` is the other party's.
 */
export function systemText(
  t: TFunction,
  kind: NonNullable<Message['kind']>,
  line: Pick<Message, 'direction' | 'text'>,
  name: string,
): string {
  if (kind === 'identity-changed') return t('system.safetyChanged', { name })
  const out = line.direction === 'out'
  if (kind === 'accept') {
    return out ? t('system.youAccepted', { name }) : t('system.theyAccepted', { name })
  }
  const greeting = line.text.trim()
  if (!greeting) return out ? t('system.youAsked') : t('system.theyAsked', { name })
  return out
    ? t('system.youAskedWith', { greeting })
    : t('system.theyAskedWith', { name, greeting })
}
