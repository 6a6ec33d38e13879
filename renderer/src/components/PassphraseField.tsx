// A labelled passphrase input: hidden as typed, never spell-checked (a spell
// checker may send what it checks elsewhere), and no longer than the core takes.
import { useId } from 'react'
import { MAX_PASSPHRASE_LENGTH } from '../../../protocol/limits.ts'

export function PassphraseField({
  label,
  value,
  onChange,
  testId,
  autoComplete,
  invalid = false,
  describedBy,
  autoFocus = false,
}: {
  label: string
  value: string
  onChange: (value: string) => void
  testId: string
  autoComplete: 'new-password' | 'current-password'
  invalid?: boolean
  describedBy?: string | undefined
  autoFocus?: boolean
}) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type="password"
        value={value}
        maxLength={MAX_PASSPHRASE_LENGTH}
        autoComplete={autoComplete}
        spellCheck={false}
        // biome-ignore lint/a11y/noAutofocus: on screens whose only task is this field
        autoFocus={autoFocus}
        data-autofocus={autoFocus || undefined}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  )
}
