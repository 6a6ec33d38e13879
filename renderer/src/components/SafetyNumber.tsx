// The safety-number screen: the number both sides compute from their identity
// keys (12 groups of 5 digits), its code as a QR and as text, marking the contact
// verified after comparing by eye, or comparing the code the other side sent.
// The core does every comparison; a new identity key reloads the screen.
import { type FormEvent, useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, MAX_SCANNED_CODE, type SafetyNumber } from '../../../protocol/api.ts'
import { shownName } from '../../../protocol/names.ts'
import { QR_SIZE, qrDataUrl } from '../qr.ts'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { CopyButton } from './CopyButton.tsx'
import { Dialog } from './Dialog.tsx'
import { ShieldCheckIcon } from './Icons.tsx'

const GROUP = 5

/** Next to a verified contact's name. */
export function VerifiedBadge() {
  const { t } = useTranslation()
  return (
    <span className="verified-badge" title={t('safety.verified')} data-testid="verified-badge">
      <ShieldCheckIcon />
      <span className="sr-only">{t('safety.verified')}</span>
    </span>
  )
}

/** A button that opens the safety-number screen for `peerId`. */
export function SafetyNumberButton({
  peerId,
  label,
  small = false,
  testId,
}: {
  peerId: string
  label: string
  small?: boolean
  testId: string
}) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        className={small ? 'button small-button' : 'button'}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
        data-testid={testId}
      >
        {label}
      </button>
      {open && <SafetyNumberDialog peerId={peerId} onClose={() => setOpen(false)} />}
    </>
  )
}

type Loaded =
  | { state: 'loading' }
  | { state: 'ready'; number: SafetyNumber; qr: string | null }
  /** No identity key of theirs yet (no session), or another failure. */
  | { state: 'missing' }
  | { state: 'failed'; message: string }

function SafetyNumberDialog({ peerId, onClose }: { peerId: string; onClose: () => void }) {
  const { t } = useTranslation()
  const { api, state, dispatch } = useParley()
  const contact = state.contacts.get(peerId)
  const name = shownName(peerId, contact)
  const verified = contact?.verified === true
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null)

  // Every change to the contact reloads: a new identity key comes with one (verification cleared).
  // biome-ignore lint/correctness/useExhaustiveDependencies: `contact` changes to load again
  useEffect(() => {
    let cancelled = false
    api.safetyNumber({ peerId }).then(
      async (number) => {
        if (cancelled) return
        setLoaded({ state: 'ready', number, qr: null })
        // The QR holds the same base64 text as the code below, so what a scanner reads can be pasted.
        const qr = await qrDataUrl(number.scannable)
        if (!cancelled) setLoaded({ state: 'ready', number, qr })
      },
      (err: unknown) => {
        if (cancelled) return
        setLoaded(
          err instanceof ApiError && err.code === 'not-found'
            ? { state: 'missing' }
            : { state: 'failed', message: errorMessage(err) },
        )
      },
    )
    return () => {
      cancelled = true
    }
  }, [api, peerId, contact])

  const verify = async (params: { verified: boolean; digits?: string; scanned?: string }) => {
    setBusy(true)
    setOutcome(null)
    try {
      const updated = await api.verifyContact({ peerId, ...params })
      dispatch({ type: 'contact', contact: updated })
      return true
    } catch (err) {
      setOutcome({ ok: false, text: t('safety.failed', { message: errorMessage(err) }) })
      return false
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog title={t('safety.title')} onClose={onClose} testId="safety-dialog" wide>
      <div className="safety">
        <p className="safety-status" data-testid="safety-status" data-verified={verified}>
          {verified ? (
            <>
              <ShieldCheckIcon />
              {t('safety.isVerified', { name })}
            </>
          ) : (
            t('safety.notVerified', { name })
          )}
        </p>
        {loaded.state === 'loading' ? (
          <p className="muted" role="status">
            {t('safety.loading')}
          </p>
        ) : loaded.state === 'missing' ? (
          <p className="muted" data-testid="safety-missing">
            {t('safety.missing', { name })}
          </p>
        ) : loaded.state === 'failed' ? (
          <p role="alert" className="error-text">
            {t('safety.loadFailed', { message: loaded.message })}
          </p>
        ) : (
          <div className="safety-columns">
            <section className="safety-by-eye">
              <p className="muted">{t('safety.intro', { name })}</p>
              <Digits digits={loaded.number.digits} name={name} />
              <div className="form-actions">
                {verified ? (
                  <button
                    type="button"
                    className="button"
                    disabled={busy}
                    onClick={() => verify({ verified: false })}
                    data-testid="safety-clear"
                  >
                    {t('safety.clear')}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="button primary"
                    disabled={busy}
                    // The number shown: the core refuses if it changed meanwhile.
                    onClick={() => verify({ verified: true, digits: loaded.number.digits })}
                    data-testid="safety-mark"
                  >
                    {t('safety.mark')}
                  </button>
                )}
              </div>
            </section>
            <section className="safety-by-code">
              <div className="qr-frame">
                {loaded.qr && (
                  <img
                    src={loaded.qr}
                    width={QR_SIZE}
                    height={QR_SIZE}
                    alt={t('safety.qrAlt', { name })}
                    data-testid="safety-qr"
                  />
                )}
              </div>
              <code className="invite-code" data-testid="safety-code">
                {loaded.number.scannable}
              </code>
              <CopyButton
                text={loaded.number.scannable}
                testId="safety-copy"
                labels={{
                  copy: t('safety.copy'),
                  copied: t('safety.copied'),
                  failed: t('safety.copyFailed'),
                }}
              />
              <CompareForm
                name={name}
                busy={busy}
                onCompare={async (scanned) => {
                  const ok = await verify({ verified: true, scanned })
                  if (ok) setOutcome({ ok: true, text: t('safety.match', { name }) })
                  return ok
                }}
              />
            </section>
          </div>
        )}
        {outcome && (
          <p
            role={outcome.ok ? 'status' : 'alert'}
            className={outcome.ok ? 'success-text' : 'error-text'}
            data-testid="safety-outcome"
          >
            {outcome.text}
          </p>
        )}
      </div>
    </Dialog>
  )
}

/** 12 groups of 5, read row by row as on the other side's screen. */
function Digits({ digits, name }: { digits: string; name: string }) {
  const { t } = useTranslation()
  const groups = digits.match(new RegExp(`.{1,${GROUP}}`, 'g')) ?? []
  return (
    <div
      className="safety-digits"
      role="img"
      aria-label={t('safety.digitsLabel', { name, digits: groups.join(' ') })}
      data-testid="safety-digits"
      data-digits={digits}
    >
      {groups.map((group, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the groups are positions in a fixed number
        <span key={i}>{group}</span>
      ))}
    </div>
  )
}

function CompareForm({
  name,
  busy,
  onCompare,
}: {
  name: string
  busy: boolean
  onCompare: (scanned: string) => Promise<boolean>
}) {
  const { t } = useTranslation()
  const [code, setCode] = useState('')
  const inputId = useId()
  const hintId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (await onCompare(code)) setCode('')
  }

  return (
    <form className="stacked-form safety-compare" onSubmit={submit}>
      <div className="field">
        <label htmlFor={inputId}>{t('safety.compareLabel')}</label>
        <textarea
          id={inputId}
          className="input invite-input"
          rows={2}
          maxLength={MAX_SCANNED_CODE}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-describedby={hintId}
          spellCheck={false}
          data-testid="safety-compare-input"
        />
        <p id={hintId} className="muted small">
          {t('safety.compareHint', { name })}
        </p>
      </div>
      <div>
        <button
          type="submit"
          className="button"
          disabled={busy || code.trim() === ''}
          data-testid="safety-compare"
        >
          {t('safety.compare')}
        </button>
      </div>
    </form>
  )
}
