// One open group: header (its name and how many are in it; a click opens the
// group's info), its announcement pinned below, then what every chat has
// (ChatFrame); in a group we left (or a discussion that ended), a line instead of
// the composer. A discussion with no name is called by who is in it.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Group } from '../../../protocol/api.ts'
import { groupTitle, memberName, typingIn } from '../state/app-state.ts'
import { useParley } from '../state/parley-context.tsx'
import { Avatar } from './Avatar.tsx'
import { BackButton } from './BackButton.tsx'
import { ChatFrame } from './ChatFrame.tsx'
import { GroupInfoDialog } from './GroupInfoDialog.tsx'
import { IconButton } from './IconButton.tsx'
import { InfoIcon, MegaphoneIcon } from './Icons.tsx'

export function GroupChatView({ group, onBack }: { group: Group; onBack: () => void }) {
  const { t } = useTranslation()
  const { state } = useParley()
  const [info, setInfo] = useState(false)
  const count = group.members.length
  const title = groupTitle(state, group)
  const typists = typingIn(state, group.id).map((p) => memberName(state.contacts, p, group))
  const header = (
    <header className="chat-header" data-testid="chat-header">
      <BackButton onClick={onBack} />
      <h1 className="chat-heading">
        <button
          type="button"
          className="chat-title-button"
          aria-haspopup="dialog"
          onClick={() => setInfo(true)}
          data-testid="group-info-open"
        >
          <Avatar peerId={group.conversationId} name={title} src={group.photo} size={36} group />
          <span className="chat-title">
            <span className="chat-name" data-testid="chat-name">
              {title}
            </span>
            <span className="chat-subtitle" data-testid="group-member-count">
              {group.kind === 'discussion'
                ? t('discussions.memberCount', { count })
                : t('groups.memberCount', { count })}
            </span>
            <span className="typing-line" aria-live="polite">
              {typists.length > 0 && (
                <span className="typing-indicator" data-testid="typing-indicator">
                  {typists.length === 1
                    ? t('presence.typing', { name: typists[0] })
                    : t('presence.typingMany', { names: typists.join(', ') })}
                </span>
              )}
            </span>
          </span>
        </button>
      </h1>
      <IconButton
        label={t('groups.info')}
        className="contact-info-open"
        opensDialog
        onClick={() => setInfo(true)}
        testId="group-info-button"
      >
        <InfoIcon />
      </IconButton>
    </header>
  )
  return (
    <>
      <ChatFrame
        chatKey={group.conversationId}
        conversationId={group.conversationId}
        name={title}
        to={{ groupId: group.id }}
        header={header}
        banner={
          group.announcement && (
            <section
              className="announcement-banner"
              aria-label={t('groups.announcement')}
              title={group.announcement}
              data-testid="group-announcement"
            >
              <span className="announcement-icon">
                <MegaphoneIcon />
              </span>
              <p className="announcement-text">{group.announcement}</p>
            </section>
          )
        }
        closed={
          group.gone ? (
            <p className="gone-banner" role="status" data-testid="group-gone">
              {group.ended ? t('discussions.ended') : t('groups.gone')}
            </p>
          ) : null
        }
      />
      {info && <GroupInfoDialog group={group} onClose={() => setInfo(false)} />}
    </>
  )
}
