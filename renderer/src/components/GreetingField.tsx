// "Say hello": an optional greeting sent with a friend request, with a count of
// the characters left.
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { MAX_GREETING } from '../../../protocol/limits.ts'

export function GreetingField({
  value,
  onChange,
}: {
  value: string
  onChange: (greeting: string) => void
}) {
  const { t } = useTranslation()
  const inputId = useId()
  const hintId = useId()
  const countId = useId()
  return (
    <section className="panel greeting">
      <div className="field">
        <label htmlFor={inputId}>{t('greeting.label')}</label>
        <textarea
          id={inputId}
          className="input"
          rows={2}
          maxLength={MAX_GREETING}
          placeholder={t('greeting.placeholder')}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={`${hintId} ${countId}`}
          data-testid="greeting-input"
        />
        <div className="greeting-meta">
          <p id={hintId} className="muted small">
            {t('greeting.hint')}
          </p>
          <span id={countId} className="muted small" data-testid="greeting-count">
            <span aria-hidden="true">
              {value.length}/{MAX_GREETING}
            </span>
            <span className="sr-only">
              {t('greeting.count', { length: value.length, max: MAX_GREETING })}
            </span>
          </span>
        </div>
      </div>
    </section>
  )
}
