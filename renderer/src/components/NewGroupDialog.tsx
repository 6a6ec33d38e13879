// Making a group: its name and the contacts in it; or, from a chat with a contact,
// a discussion of them and the people added, with no name. Once made, it opens.
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { coreReason } from '../handle-errors.ts'
import { acceptedContacts, memberName } from '../state/app-state.ts'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { checkGroupName, MAX_GROUP_NAME } from '../validation.ts'
import { ContactPicker } from './ContactPicker.tsx'
import { Dialog } from './Dialog.tsx'

export function NewGroupDialog({
  onClose,
  onCreated,
  discussWith,
}: {
  onClose: () => void
  /** With the new group's conversation id. */
  onCreated: (conversationId: string) => void
  /** Started from the chat with this contact: a discussion of them and those chosen. */
  discussWith?: string
}) {
  const { t } = useTranslation()
  const { api, state, dispatch } = useParley()
  const [name, setName] = useState('')
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const nameId = useId()
  const errorId = useId()
  const contacts = acceptedContacts(state).filter((c) => c.peerId !== discussWith)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const problem = discussWith === undefined && checkGroupName(name)
    if (problem) return setError(t(problem.key, 'values' in problem ? problem.values : {}))
    if (chosen.size === 0) return setError(t('groups.chooseSomeone'))
    setBusy(true)
    setError(null)
    try {
      const group =
        discussWith === undefined
          ? await api.createGroup({ name: name.trim(), members: [...chosen] })
          : await api.startDiscussion({ members: [discussWith, ...chosen] })
      dispatch({ type: 'group', group })
      onCreated(group.conversationId)
    } catch (err) {
      setError(t('groups.createFailed', { reason: coreReason(errorMessage(err)) }))
      setBusy(false)
    }
  }

  return (
    <Dialog
      title={
        discussWith === undefined
          ? t('groups.newTitle')
          : t('discussions.newTitle', { name: memberName(state.contacts, discussWith) })
      }
      onClose={onClose}
      testId="new-group-dialog"
    >
      <form className="new-group" onSubmit={submit} noValidate>
        {discussWith === undefined ? (
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
        ) : (
          <p className="muted small" data-testid="discussion-hint">
            {t('discussions.hint')}
          </p>
        )}
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
            {busy
              ? t('groups.creating')
              : discussWith === undefined
                ? t('groups.create')
                : t('discussions.start')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
