// Adding a contact: by @handle, by a friend's code (either sends a friend
// request, with an optional greeting), or by giving my invite code (text, copy, QR).
import { type FormEvent, useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { QR_SIZE, qrDataUrl } from '../qr.ts'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { CopyButton } from './CopyButton.tsx'
import { Dialog } from './Dialog.tsx'
import { FindByHandle } from './FindByHandle.tsx'
import { GreetingField } from './GreetingField.tsx'

export function AddContactDialog({
  onClose,
  onAdded,
}: {
  onClose: () => void
  onAdded: (peerId: string) => void
}) {
  const { t } = useTranslation()
  const [greeting, setGreeting] = useState('')
  return (
    <Dialog title={t('addContact.title')} onClose={onClose} testId="add-contact-dialog" wide>
      <div className="add-contact">
        <GreetingField value={greeting} onChange={setGreeting} />
        <FindByHandle greeting={greeting} onAdded={onAdded} />
        <AddFriend greeting={greeting} onAdded={onAdded} />
        <MyInvite />
      </div>
    </Dialog>
  )
}

function MyInvite() {
  const { t } = useTranslation()
  const { api } = useParley()
  const [code, setCode] = useState<string | null>(null)
  const [qr, setQr] = useState<string | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const headingId = useId()

  useEffect(() => {
    let cancelled = false
    api.invite({}).then(
      async ({ code }) => {
        if (cancelled) return
        setCode(code)
        // Upper case fits the QR code's compact alphanumeric mode; codes read either way.
        const url = await qrDataUrl(code.toUpperCase())
        if (!cancelled) setQr(url)
      },
      (err: unknown) => !cancelled && setFailure(errorMessage(err)),
    )
    return () => {
      cancelled = true
    }
  }, [api])

  return (
    <section className="panel my-invite" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('addContact.myCode')}</h3>
      <p className="muted">{t('addContact.myCodeHint')}</p>
      {failure ? (
        <p role="alert" className="error-text">
          {t('addContact.inviteFailed', { message: failure })}
        </p>
      ) : code === null ? (
        <p className="muted" role="status">
          {t('addContact.loading')}
        </p>
      ) : (
        <>
          <div className="qr-frame">
            {qr && (
              <img
                src={qr}
                width={QR_SIZE}
                height={QR_SIZE}
                alt={t('addContact.qrAlt')}
                data-testid="invite-qr"
              />
            )}
          </div>
          <code className="invite-code" data-testid="my-invite-code">
            {code}
          </code>
          <CopyButton
            text={code}
            testId="copy-invite"
            labels={{
              copy: t('addContact.copy'),
              copied: t('addContact.copied'),
              failed: t('addContact.copyFailed'),
            }}
          />
        </>
      )}
    </section>
  )
}

function AddFriend({ greeting, onAdded }: { greeting: string; onAdded: (peerId: string) => void }) {
  const { t } = useTranslation()
  const { api, dispatch } = useParley()
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const inputId = useId()
  const errorId = useId()
  const hintId = useId()
  const headingId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const trimmed = code.trim()
    if (!trimmed) {
      setError(t('addContact.empty'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      const contact = await api.addContact({ code: trimmed, greeting })
      dispatch({ type: 'contact', contact })
      onAdded(contact.peerId)
    } catch (err) {
      setError(t('addContact.failed', { message: errorMessage(err) }))
      setBusy(false)
    }
  }

  return (
    <section className="panel add-friend" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('addContact.friend')}</h3>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={inputId}>{t('addContact.friendLabel')}</label>
          <textarea
            id={inputId}
            className="input invite-input"
            rows={5}
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            placeholder="parley:…"
            value={code}
            onChange={(e) => {
              setCode(e.target.value)
              setError(null)
            }}
            onKeyDown={(e) => {
              // A code is one line: Enter adds, as in any single-line field.
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault()
                e.currentTarget.form?.requestSubmit()
              }
            }}
            aria-invalid={error !== null}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
            data-testid="invite-input"
            data-autofocus
          />
          <p id={hintId} className="muted small">
            {t('addContact.friendHint')}
          </p>
          {error && (
            <p id={errorId} role="alert" className="error-text" data-testid="invite-error">
              {error}
            </p>
          )}
        </div>
        <button
          type="submit"
          className="button primary"
          disabled={busy}
          data-testid="invite-submit"
        >
          {busy ? t('addContact.adding') : t('addContact.submit')}
        </button>
      </form>
    </section>
  )
}
