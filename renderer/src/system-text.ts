// How system lines read (a friend request, its acceptance, a changed safety
// number, a change to a group), the same in the chat, in a sidebar preview and
// when announced to screen readers.
import i18next, { type TFunction } from 'i18next'
import type { GroupNotice, Message } from '../../protocol/api.ts'

/** Who is who in a group's lines: `nameOf` names a peer ("You" for `self`). */
export interface Namer {
  self: string
  nameOf(peerId: string): string
}

/**
 * The line for a request (its text is the greeting) or an acceptance, sent or
 * received, or a changed safety number; `name` is the other party's. A group's
 * notice needs `namer`; without it (a sidebar preview has no notice) it reads as
 * a change to the group.
 */
export function systemText(
  t: TFunction,
  kind: NonNullable<Message['kind']>,
  line: Pick<Message, 'direction' | 'text' | 'groupNotice'>,
  name: string,
  namer?: Namer,
): string {
  if (kind === 'group') {
    return line.groupNotice && namer
      ? groupNoticeText(t, line.groupNotice, namer)
      : t('system.groupChanged')
  }
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

/** "Alice added Bob and Carol", "You left", "Alice renamed the group to “X”"… */
function groupNoticeText(t: TFunction, notice: GroupNotice, namer: Namer): string {
  const by = namer.nameOf(notice.by)
  const named = notice.peers ?? []
  // "you" as the object of a sentence ("Alice removed you"), where English lowers its case.
  const peers = new Intl.ListFormat(i18next.language, { type: 'conjunction' }).format(
    named.map((p) => (p === namer.self ? t('system.youObject') : namer.nameOf(p))),
  )
  const text = notice.text ?? ''
  switch (notice.type) {
    case 'create':
      return text
        ? t('system.groupCreatedNamed', { by, name: text })
        : t('system.groupCreated', { by })
    case 'add':
      return t('system.groupAdded', { by, peers })
    case 'remove':
      return t('system.groupRemoved', { by, peers })
    case 'leave':
      return t('system.groupLeft', { by })
    case 'promote':
      return t('system.groupPromoted', { by, peers, count: named.length })
    case 'demote':
      return t('system.groupDemoted', { by, peers, count: named.length })
    case 'rename':
      return t('system.groupRenamed', { by, name: text })
    case 'describe':
      return text ? t('system.groupDescribed', { by }) : t('system.groupDescriptionCleared', { by })
    case 'announce':
      return text
        ? t('system.groupAnnounced', { by })
        : t('system.groupAnnouncementCleared', { by })
    case 'photo':
      return text ? t('system.groupPhoto', { by }) : t('system.groupPhotoRemoved', { by })
  }
}
