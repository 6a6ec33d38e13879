// A small emoji picker: a button that opens a grid of common emoji.
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { SmileIcon } from './Icons.tsx'

export const EMOJI = [
  '😀',
  '😂',
  '🙂',
  '😉',
  '😊',
  '😍',
  '😘',
  '😎',
  '🤔',
  '😅',
  '😢',
  '😭',
  '😡',
  '😮',
  '😴',
  '🥳',
  '🙏',
  '👍',
  '👎',
  '👏',
  '🙌',
  '👋',
  '💪',
  '🤝',
  '❤️',
  '💔',
  '🔥',
  '✨',
  '🎉',
  '🎂',
  '☕',
  '🍻',
  '🌹',
  '🌞',
  '🌙',
  '⭐',
  '✅',
  '❌',
  '💯',
  '👀',
]
const COLUMNS = 8

export function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const gridRef = useRef<HTMLDivElement>(null)
  const gridId = useId()

  useEffect(() => {
    if (!open) return
    gridRef.current?.querySelector('button')?.focus()
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [open])

  const close = () => {
    setOpen(false)
    buttonRef.current?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      close()
      return
    }
    const moves: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: COLUMNS,
      ArrowUp: -COLUMNS,
    }
    const move = moves[event.key]
    if (move === undefined) return
    const buttons = [...(gridRef.current?.querySelectorAll('button') ?? [])]
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement)
    const next = buttons[at + move]
    if (at !== -1 && next) {
      event.preventDefault()
      next.focus()
    }
  }

  return (
    <div className="emoji" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="icon-button"
        aria-label={t('composer.emoji')}
        title={t('composer.emoji')}
        aria-expanded={open}
        aria-controls={open ? gridId : undefined}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
        data-testid="emoji-button"
      >
        <SmileIcon />
      </button>
      {open && (
        <div
          id={gridId}
          ref={gridRef}
          className="emoji-picker"
          role="dialog"
          aria-label={t('composer.emojiPicker')}
          onKeyDown={onKeyDown}
          data-testid="emoji-picker"
        >
          {EMOJI.map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="emoji-choice"
              onClick={() => {
                onPick(emoji)
                setOpen(false)
              }}
            >
              {emoji}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
