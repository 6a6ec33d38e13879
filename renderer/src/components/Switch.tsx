// An on/off setting: a checkbox shown as a switch, with its label.
import { useId } from 'react'

export function Switch({
  label,
  checked,
  disabled = false,
  onChange,
  describedBy,
  testId,
}: {
  label: string
  checked: boolean
  disabled?: boolean
  onChange: (checked: boolean) => void
  describedBy?: string
  testId: string
}) {
  const id = useId()
  return (
    <div className="switch-field">
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="switch"
        checked={checked}
        aria-checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={describedBy}
        data-testid={testId}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  )
}
