// Making a group: its name and the contacts in it; once made, it opens.
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { coreReason } from '../handle-errors.ts'
import { acceptedContacts } from '../state/app-state.ts'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { checkGroupName, MAX_GROUP_NAME } from '../validation.ts'
import { ContactPicker } from './ContactPicker.tsx'
import { Dialog } from './Dialog.tsx'

export function NewGroupDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void
  /** With the new group's conversation id. */
  onCreated: (conversationId: string) => void
}) {
  const { t } = useTranslation()
  const { api, state, dispatch } = useParley()
  const [name, setName] = useState('')
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const nameId = useId()
  const errorId = useId()
  const contacts = acceptedContacts(state)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const problem = checkGroupName(name)
    if (problem) return setError(t(problem.key, 'values' in problem ? problem.values : {}))
    if (chosen.size === 0) return setError(t('groups.chooseSomeone'))
    setBusy(true)
    setError(null)
    try {
      const group = await api.createGroup({ name: name.trim(), members: [...chosen] })
      dispatch({ type: 'group', group })
      onCreated(group.conversationId)
    } catch (err) {
      setError(t('groups.createFailed', { reason: coreReason(errorMessage(err)) }))
      setBusy(false)
    }
  }

  return (
    <Dialog title={t('groups.newTitle')} onClose={onClose} testId="new-group-dialog">
      <form className="new-group" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={nameId}>{t('groups.name')}</label>
          <input
            id={nameId}
            className="input"
            value={name}
            maxLength={MAX_GROUP_NAME * 2}
            autoComplete="off"
            onChange={(e) => {
              setName(e.target.value)
              setError(null)
            }}
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
            data-testid="group-name-input"
            data-autofocus
          />
        </div>
        <ContactPicker
          contacts={contacts}
          chosen={chosen}
          onChange={(next) => {
            setChosen(next)
            setError(null)
          }}
        />
        {error && (
          <p id={errorId} role="alert" className="error-text" data-testid="new-group-error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button
            type="submit"
            className="button primary"
            disabled={busy || contacts.length === 0}
            data-testid="group-create"
          >
            {busy ? t('groups.creating') : t('groups.create')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
