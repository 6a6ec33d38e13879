// Writing a message: Enter sends, Shift+Enter starts a new line, Up (in an empty
// composer) edits my last message, Escape drops a reply or an edit. A reply shows
// the message it answers above the text. It writes to a contact or to a group
// (both told while we type); in a group, "@" and the start of a name offers the
// members it fits (mentions.ts: arrows choose, Enter or Tab takes, Escape closes).
// Drafts are kept per conversation while the app runs.
// A text gets its message id when it is first sent, and keeps it until it is
// stored: sending it again after a failure (the answer lost, the core restarted)
// stores it once.
import {
  type FormEvent,
  type KeyboardEvent,
  useCallback,
  useContext,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react'
import { useTranslation } from 'react-i18next'
import { ulid } from 'ulid'
import type { Message } from '../../../protocol/api.ts'
import { insertMention, type Member, mentionQuery, mentionsIn, suggest } from '../mentions.ts'
import { MessageActionsContext } from '../state/message-actions.tsx'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { checkMessageText, MAX_TEXT_BYTES } from '../validation.ts'
import { EmojiPicker } from './EmojiPicker.tsx'
import { SendIcon } from './Icons.tsx'

const drafts = new Map<string, string>()
/** The id each conversation's last unsent text was tried with. */
const attempts = new Map<string, { text: string; id: string }>()
const MAX_HEIGHT_PX = 200
/** Tell the peer "typing" at most this often while the user types (the core's expires after 6 s). */
export const TYPING_EVERY_MS = 3000

/** Whom the composer writes to: a contact, or a group. */
export type ComposerTarget = { peerId: string } | { groupId: string }

export function Composer({
  to,
  name,
  onSent,
  replyTo,
  editing,
  onDone,
  onEditLast,
  members = [],
}: {
  to: ComposerTarget
  name: string
  /** In a group, the members (but me) who can be mentioned. */
  members?: readonly Member[]
  onSent: (message: Message) => void
  /** The message this one answers, if any. */
  replyTo: Message | null
  /** My message being edited, if any: its text is in the composer, and saved in its place. */
  editing: Message | null
  /** The reply was sent or the edit saved, or either was dropped. */
  onDone: () => void
  /** Up in an empty composer: edit my last message. */
  onEditLast: () => void
}) {
  const { t, i18n } = useTranslation()
  const { api } = useParley()
  const actions = useContext(MessageActionsContext)
  // Drafts and retried ids are kept by this key (peer ids and group ids never look alike).
  const key = 'peerId' in to ? to.peerId : to.groupId
  const [text, setText] = useState(() => drafts.get(key) ?? '')
  const [sendError, setSendError] = useState<string | null>(null)
  const inputRef = useRef<HTMLTextAreaElement>(null)
  const errorId = useId()
  const hintId = useId()
  const check = checkMessageText(text)
  const typing = useTypingSignal(to)
  const mention = useMentions(members)

  // Editing starts with the message's text; dropping the edit empties the composer again.
  const { seed } = mention
  useEffect(() => {
    setText(editing ? editing.text : (drafts.get(key) ?? ''))
    seed(editing)
    if (editing) inputRef.current?.focus()
  }, [editing, key, seed])

  useEffect(() => {
    if (replyTo) inputRef.current?.focus()
  }, [replyTo])

  useEffect(() => {
    if (editing) return
    if (text) drafts.set(key, text)
    else drafts.delete(key)
  }, [key, text, editing])

  useEffect(() => {
    inputRef.current?.focus()
  }, [])

  // Grow with the text, up to a limit.
  // biome-ignore lint/correctness/useExhaustiveDependencies: measure again whenever the text changes
  useLayoutEffect(() => {
    const el = inputRef.current
    if (!el) return
    el.style.height = 'auto'
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`
  }, [text])

  const send = async () => {
    const body = text.trim()
    if (check.empty || check.tooLong) return
    const mentions = mention.inText(body)
    typing.stop()
    setText('')
    setSendError(null)
    mention.reset()
    const mentioning = mentions.length > 0 ? { mentions } : {}
    if (editing) {
      try {
        await api.editMessage({ id: editing.id, text: body, ...mentioning })
        onDone()
      } catch (err) {
        setText((current) => (current === '' ? text : current))
        setSendError(errorMessage(err))
      }
      return
    }
    const tried = attempts.get(key)
    const id = tried?.text === body ? tried.id : ulid()
    attempts.set(key, { text: body, id })
    try {
      const message = { text: body, id, ...(replyTo ? { replyTo: replyTo.id } : {}) }
      onSent(
        await ('groupId' in to
          ? api.sendGroup({ groupId: to.groupId, ...message, ...mentioning })
          : api.send({ to: to.peerId, ...message })),
      )
      if (attempts.get(key)?.id === id) attempts.delete(key)
      if (replyTo) onDone()
    } catch (err) {
      // Give the text back unless something new was typed meanwhile.
      setText((current) => (current === '' ? text : current))
      setSendError(errorMessage(err))
    }
  }

  const take = (member: Member) => {
    const el = inputRef.current
    const open = mention.open
    if (!el || !open) return
    const next = insertMention(text, open.start, el.selectionStart ?? text.length, member)
    mention.chose(member)
    setText(next.text)
    requestAnimationFrame(() => {
      el.focus()
      el.setSelectionRange(next.caret, next.caret)
    })
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const offered = mention.open?.members ?? []
    if (offered.length > 0 && !event.nativeEvent.isComposing) {
      const move = { ArrowDown: 1, ArrowUp: -1 }[event.key as 'ArrowDown' | 'ArrowUp']
      if (move !== undefined) {
        event.preventDefault()
        return mention.move(move)
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault()
        return take(offered[mention.open?.index ?? 0] as Member)
      }
      if (event.key === 'Escape') {
        event.preventDefault()
        return mention.close()
      }
    }
    if (event.key === 'Escape' && (replyTo || editing)) {
      event.preventDefault()
      return onDone()
    }
    if (event.key === 'ArrowUp' && text === '' && !editing) {
      event.preventDefault()
      return onEditLast()
    }
    // While an input method is composing (e.g. pinyin), Enter picks a candidate.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return
    if (event.keyCode === 229) return
    event.preventDefault()
    void send()
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void send()
  }

  const insert = (emoji: string) => {
    const el = inputRef.current
    const start = el?.selectionStart ?? text.length
    const end = el?.selectionEnd ?? text.length
    setText(text.slice(0, start) + emoji + text.slice(end))
    requestAnimationFrame(() => {
      if (!el) return
      el.focus()
      el.setSelectionRange(start + emoji.length, start + emoji.length)
    })
  }

  const number = new Intl.NumberFormat(i18n.language)
  const error = check.tooLong
    ? t('composer.tooLong', {
        bytes: number.format(check.bytes),
        max: number.format(MAX_TEXT_BYTES),
      })
    : sendError
      ? t('composer.sendFailed', { message: sendError })
      : null

  return (
    <form className="composer" onSubmit={onSubmit}>
      {error && (
        <p
          id={errorId}
          className="error-text composer-error"
          role="alert"
          data-testid="composer-error"
        >
          {error}
        </p>
      )}
      {(replyTo || editing) && (
        <div className="composer-context" data-testid={editing ? 'editing-banner' : 'reply-banner'}>
          <div className="composer-context-text">
            <span className="composer-context-title">
              {editing
                ? t('composer.editing')
                : t('composer.replyingTo', {
                    name: replyTo && actions ? actions.nameOf(replyTo.sender) : name,
                  })}
            </span>
            {replyTo && <span className="quote-snippet">{replyTo.text}</span>}
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label={editing ? t('composer.cancelEdit') : t('composer.cancelReply')}
            title={editing ? t('composer.cancelEdit') : t('composer.cancelReply')}
            onClick={onDone}
            data-testid="composer-context-cancel"
          >
            ×
          </button>
        </div>
      )}
      {mention.open && mention.open.members.length > 0 && (
        <div
          id={mention.listId}
          className="mention-list"
          role="listbox"
          aria-label={t('composer.mentionList')}
          data-testid="mention-list"
        >
          {mention.open.members.map((member, i) => (
            <div
              key={member.peerId}
              id={`${mention.listId}-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === mention.open?.index}
              className={i === mention.open?.index ? 'mention-option chosen' : 'mention-option'}
              onMouseDown={(e) => {
                // Keeps the focus (and the caret) in the composer.
                e.preventDefault()
                take(member)
              }}
              data-testid="mention-option"
            >
              {member.name}
            </div>
          ))}
        </div>
      )}
      <div className="composer-box">
        <EmojiPicker onPick={insert} />
        <textarea
          ref={inputRef}
          className="composer-input"
          rows={1}
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            setSendError(null)
            mention.typed(e.target.value, e.target.selectionStart)
            if (e.target.value.trim()) typing.typed()
            else typing.stop()
          }}
          onBlur={() => {
            typing.stop()
            mention.close()
          }}
          aria-autocomplete={members.length > 0 ? 'list' : undefined}
          aria-controls={mention.open ? mention.listId : undefined}
          aria-activedescendant={
            mention.open?.members.length ? `${mention.listId}-${mention.open.index}` : undefined
          }
          onKeyDown={onKeyDown}
          placeholder={t('composer.placeholder', { name })}
          aria-label={t('composer.label', { name })}
          aria-invalid={check.tooLong}
          aria-describedby={error ? `${errorId} ${hintId}` : hintId}
          data-testid="composer"
        />
        <button
          type="submit"
          className="icon-button send-button"
          aria-label={editing ? t('composer.save') : t('composer.send')}
          title={editing ? t('composer.save') : t('composer.send')}
          disabled={check.empty || check.tooLong}
          data-testid="send-button"
        >
          <SendIcon />
        </button>
      </div>
      <p id={hintId} className="composer-hint">
        {t('composer.hint')}
      </p>
    </form>
  )
}

/** The members offered while an "@…" is typed, and those chosen for the text being written. */
function useMentions(members: readonly Member[]) {
  const listId = useId()
  const [open, setOpen] = useState<{ start: number; members: Member[]; index: number } | null>(null)
  const chosen = useRef<Member[]>([])
  // An edit keeps the mentions its message has (as long as their names stay in the text).
  const seed = useCallback((editing: Message | null) => {
    chosen.current = (editing?.mentions ?? []).map(({ peerId, start, length }) => ({
      peerId,
      name: editing?.text.slice(start + 1, start + length) ?? '',
    }))
  }, [])
  return {
    seed,
    listId,
    open,
    typed(text: string, caret: number) {
      const query = members.length > 0 ? mentionQuery(text, caret) : null
      setOpen(query && { start: query.start, members: suggest(members, query.query), index: 0 })
    },
    move(by: number) {
      setOpen((o) => o && { ...o, index: (o.index + by + o.members.length) % o.members.length })
    },
    chose(member: Member) {
      chosen.current = [...chosen.current.filter((m) => m.peerId !== member.peerId), member]
      setOpen(null)
    },
    close: () => setOpen(null),
    inText: (body: string) => mentionsIn(body, chosen.current),
    reset() {
      chosen.current = []
      setOpen(null)
    },
  }
}

/**
 * "I am typing" to the peer, or to the group's members: sent at most every few
 * seconds while typing, and stopped on send, clear, blur or leaving.
 */
function useTypingSignal(to: ComposerTarget): { typed: () => void; stop: () => void } {
  const { api } = useParley()
  const lastSent = useRef(0)
  const active = useRef(false)
  const peerId = 'peerId' in to ? to.peerId : null
  const groupId = 'groupId' in to ? to.groupId : null

  const tell = useCallback(
    (on: boolean) => {
      const target = peerId !== null ? { peerId } : { groupId: groupId as string }
      api
        .typing({ ...target, active: on })
        .catch((err: unknown) => console.warn('parley: typing', err))
    },
    [api, peerId, groupId],
  )

  const typed = useCallback(() => {
    const now = Date.now()
    if (active.current && now - lastSent.current < TYPING_EVERY_MS) return
    active.current = true
    lastSent.current = now
    tell(true)
  }, [tell])

  const stop = useCallback(() => {
    if (!active.current) return
    active.current = false
    lastSent.current = 0
    tell(false)
  }, [tell])

  useEffect(() => stop, [stop])

  return { typed, stop }
}
