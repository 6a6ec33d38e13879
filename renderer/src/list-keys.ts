// Up and Down move between the rows of a sidebar list, like a list box.
import type { KeyboardEvent } from 'react'

/** A keydown handler for a list whose rows are the buttons matching `rowSelector`. */
export function arrowKeysBetween(rowSelector: string) {
  return (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
    const rows = [...event.currentTarget.querySelectorAll<HTMLElement>(rowSelector)]
    const at = rows.indexOf(document.activeElement as HTMLElement)
    if (at === -1) return
    event.preventDefault()
    const next = at + (event.key === 'ArrowDown' ? 1 : -1)
    rows[Math.min(rows.length - 1, Math.max(0, next))]?.focus()
  }
}
