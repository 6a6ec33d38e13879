// A message's tools, shown on hover or keyboard focus: reply, a few quick
// reactions, edit (my own), delete (with a choice: for me, or for everyone).
import { useState } from 'react'
import { createPortal } from 'react-dom'
import { useTranslation } from 'react-i18next'
import type { Message } from '../../../protocol/api.ts'
import { DELETE_FOR_EVERYONE_MS } from '../../../protocol/limits.ts'
import { useMessageActions } from '../state/message-actions.tsx'
import { errorMessage } from '../state/parley-context.tsx'
import { ConfirmDialog } from './ConfirmButton.tsx'

/** The reactions one click away, as in most messengers. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏']

export function MessageTools({ message }: { message: Message }) {
  const { t } = useTranslation()
  const actions = useMessageActions()
  const [deleting, setDeleting] = useState(false)
  const [reacting, setReacting] = useState(false)
  const mine = message.direction === 'out'
  const mineNow = message.reactions?.find((r) => r.peerId === actions.self)?.emoji
  return (
    <div className="message-tools" role="toolbar" aria-label={t('chat.actions')}>
      {/* A group we left takes nothing new: its messages can only be deleted for me. */}
      {!message.deleted && !actions.readOnly && (
        <>
          <button
            type="button"
            className="tool-button"
            onClick={() => actions.reply(message)}
            data-testid="reply-button"
          >
            {t('chat.reply')}
          </button>
          <button
            type="button"
            className="tool-button"
            aria-expanded={reacting}
            onClick={() => setReacting((open) => !open)}
            data-testid="react-button"
          >
            {t('chat.react')}
          </button>
          {reacting && (
            <span className="quick-reactions" data-testid="quick-reactions">
              {QUICK_REACTIONS.map((emoji) => (
                <button
                  key={emoji}
                  type="button"
                  className={`tool-button emoji${mineNow === emoji ? ' chosen' : ''}`}
                  aria-label={t('chat.reactWith', { emoji })}
                  aria-pressed={mineNow === emoji}
                  onClick={() => {
                    setReacting(false)
                    void actions.react(message, mineNow === emoji ? null : emoji)
                  }}
                >
                  {emoji}
                </button>
              ))}
            </span>
          )}
          {mine && (
            <button
              type="button"
              className="tool-button"
              onClick={() => actions.edit(message)}
              data-testid="edit-button"
            >
              {t('chat.edit')}
            </button>
          )}
        </>
      )}
      <button
        type="button"
        className="tool-button"
        onClick={() => setDeleting(true)}
        data-testid="delete-button"
      >
        {t('chat.delete')}
      </button>
      {/* Out of the tools, which are not hoverable while the pointer is elsewhere (on the dialog). */}
      {deleting &&
        createPortal(
          <DeleteDialog message={message} onClose={() => setDeleting(false)} />,
          document.body,
        )}
    </div>
  )
}

function DeleteDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const { t } = useTranslation()
  const actions = useMessageActions()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // Only the author may delete for everyone, and only for a while (as the core checks).
  const forEveryone =
    message.direction === 'out' &&
    !message.deleted &&
    !actions.readOnly &&
    Date.now() - message.hlc.wall < DELETE_FOR_EVERYONE_MS
  const remove = async (everyone: boolean) => {
    setBusy(true)
    try {
      await actions.remove(message, everyone)
      onClose()
    } catch (err) {
      setError(t('chat.changeFailed', { message: errorMessage(err) }))
      setBusy(false)
    }
  }
  return (
    <ConfirmDialog
      title={t('chat.deleteTitle')}
      text={
        !forEveryone
          ? t('chat.deleteTextMine')
          : actions.group
            ? t('chat.deleteTextGroup')
            : t('chat.deleteText', { name: actions.name })
      }
      error={error}
      onCancel={onClose}
      testId="delete-dialog"
    >
      <button
        type="button"
        className="button danger"
        disabled={busy}
        onClick={() => void remove(false)}
        data-testid="delete-for-me"
      >
        {t('chat.deleteForMe')}
      </button>
      {forEveryone && (
        <button
          type="button"
          className="button danger-filled"
          disabled={busy}
          onClick={() => void remove(true)}
          data-testid="delete-for-everyone"
        >
          {t('chat.deleteForEveryone')}
        </button>
      )}
    </ConfirmDialog>
  )
}
