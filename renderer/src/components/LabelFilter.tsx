// Chips above the conversation list: all chats, or only those with one label.
import { useTranslation } from 'react-i18next'

export function LabelFilter({
  labels,
  chosen,
  onChoose,
}: {
  labels: string[]
  chosen: string | null
  onChoose: (label: string | null) => void
}) {
  const { t } = useTranslation()
  if (labels.length === 0) return null
  return (
    <fieldset className="label-filter" data-testid="label-filter">
      <legend className="sr-only">{t('labels.filter')}</legend>
      <button
        type="button"
        className="chip"
        aria-pressed={chosen === null}
        onClick={() => onChoose(null)}
        data-testid="label-filter-all"
      >
        {t('labels.all')}
      </button>
      {labels.map((label) => (
        <button
          key={label}
          type="button"
          className="chip"
          aria-pressed={chosen === label}
          onClick={() => onChoose(label)}
          data-testid="label-filter-chip"
          data-label={label}
        >
          {label}
        </button>
      ))}
    </fieldset>
  )
}
