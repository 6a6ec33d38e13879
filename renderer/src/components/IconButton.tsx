// A button that shows only an icon: its label is both its accessible name and its
// tooltip, so the two never differ.
import type { ReactNode } from 'react'

export function IconButton({
  label,
  onClick,
  testId,
  className,
  opensDialog = false,
  children,
}: {
  label: string
  onClick: () => void
  testId: string
  className?: string
  /** It opens a dialog (said to screen readers). */
  opensDialog?: boolean
  children: ReactNode
}) {
  return (
    <button
      type="button"
      className={className ? `icon-button ${className}` : 'icon-button'}
      aria-label={label}
      title={label}
      aria-haspopup={opensDialog ? 'dialog' : undefined}
      onClick={onClick}
      data-testid={testId}
    >
      {children}
    </button>
  )
}
