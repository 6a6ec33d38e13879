// My status (online, away, busy, invisible), chosen next to my name.
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OwnStatus } from '../../../protocol/api.ts'
import { errorMessage, useParley } from '../state/parley-context.tsx'

export const OWN_STATUSES: readonly OwnStatus[] = ['online', 'away', 'busy', 'invisible']

export function MyStatusSelect({ onChosen }: { onChosen: (status: OwnStatus) => void }) {
  const { t } = useTranslation()
  const { api, state, dispatch } = useParley()
  const [error, setError] = useState<string | null>(null)
  const errorId = useId()

  const choose = async (status: OwnStatus) => {
    const before = state.myStatus
    dispatch({ type: 'my-status', status })
    onChosen(status)
    setError(null)
    try {
      await api.setPresence({ status })
    } catch (err) {
      dispatch({ type: 'my-status', status: before })
      setError(t('presence.failed', { message: errorMessage(err) }))
    }
  }

  return (
    <span className={`my-status presence-${state.myStatus}`}>
      <span className="presence-dot" aria-hidden="true" />
      <select
        className="my-status-select"
        value={state.myStatus}
        onChange={(e) => void choose(e.target.value as OwnStatus)}
        aria-label={t('presence.myStatus')}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        title={error ?? t('presence.myStatus')}
        data-testid="my-status"
      >
        {OWN_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`presence.${s}`)}
          </option>
        ))}
      </select>
      {error && (
        <span id={errorId} role="alert" className="sr-only">
          {error}
        </span>
      )}
    </span>
  )
}
