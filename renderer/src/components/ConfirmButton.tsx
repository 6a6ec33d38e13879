// A button for something hard to undo (block, remove): it asks first, in a small
// dialog whose safe choice, Cancel, has the focus (ConfirmDialog, which other
// questions of the kind use too).
import { type ReactNode, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage } from '../state/parley-context.tsx'
import { Dialog } from './Dialog.tsx'

export function ConfirmButton({
  label,
  title,
  text,
  onConfirm,
  testId,
}: {
  label: string
  title: string
  text: string
  /** Runs once confirmed; the dialog shows its error, if any, and stays open. */
  onConfirm: () => Promise<void>
  testId: string
}) {
  const { t } = useTranslation()
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const confirm = async () => {
    setBusy(true)
    setError(null)
    try {
      await onConfirm()
      setAsking(false)
    } catch (err) {
      setError(t('confirm.failed', { message: errorMessage(err) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <button
        type="button"
        className="button danger"
        onClick={() => setAsking(true)}
        data-testid={testId}
      >
        {label}
      </button>
      {asking && (
        <ConfirmDialog
          title={title}
          text={text}
          error={error}
          onCancel={() => setAsking(false)}
          testId="confirm-dialog"
        >
          <button
            type="button"
            className="button danger-filled"
            disabled={busy}
            onClick={() => void confirm()}
            data-testid="confirm-ok"
          >
            {label}
          </button>
        </ConfirmDialog>
      )}
    </>
  )
}

/** A question before something hard to undo: its safe answer, Cancel, has the focus; the others are `children`. */
export function ConfirmDialog({
  title,
  text,
  error,
  onCancel,
  testId,
  children,
}: {
  title: string
  text: string
  error: string | null
  onCancel: () => void
  testId: string
  children: ReactNode
}) {
  const { t } = useTranslation()
  return (
    <Dialog title={title} onClose={onCancel} testId={testId}>
      <p>{text}</p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="form-actions confirm-actions">
        <button
          type="button"
          className="button"
          onClick={onCancel}
          data-autofocus
          data-testid="confirm-cancel"
        >
          {t('confirm.cancel')}
        </button>
        {children}
      </div>
    </Dialog>
  )
}
