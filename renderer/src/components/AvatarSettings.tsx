// My profile photo in Settings: the current one (or my initials), a button that
// opens the file chooser, and one that removes it. The core shrinks the picture
// and strips its metadata; a file it cannot use comes back as its error.
import { type ChangeEvent, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { avatarFileTooBig, MAX_AVATAR_INPUT_BYTES } from '../validation.ts'
import { Avatar } from './Avatar.tsx'

/** What the file chooser offers: the kinds the core reads. */
const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,image/avif'
const MAX_MB = MAX_AVATAR_INPUT_BYTES / (1024 * 1024)

export function AvatarSettings() {
  const { t } = useTranslation()
  const { api, state, dispatch } = useParley()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const file = useRef<HTMLInputElement>(null)
  const hintId = useId()
  const me = state.profile

  /** Sets the picture (its base64, once read) or, with null, removes it. */
  const save = async (image: Promise<string> | null) => {
    setBusy(true)
    setError(null)
    try {
      dispatch({ type: 'profile', profile: await api.setAvatar({ image: await image }) })
    } catch (err) {
      setError(t('photo.failed', { message: errorMessage(err) }))
    } finally {
      setBusy(false)
    }
  }

  const chosen = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0]
    // Cleared, so that choosing the same file again is a change too.
    event.target.value = ''
    if (!picked) return
    if (avatarFileTooBig(picked)) return setError(t('photo.tooBig', { max: MAX_MB }))
    await save(readBase64(picked))
  }

  return (
    <div className="avatar-settings">
      <span data-testid="avatar-preview">
        <Avatar peerId={me.peerId} name={me.displayName} src={me.avatar} size={72} />
      </span>
      <div className="avatar-settings-main">
        <h4>{t('photo.title')}</h4>
        <div className="row-actions">
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => file.current?.click()}
            aria-describedby={hintId}
            data-testid="avatar-choose"
          >
            {busy ? t('photo.saving') : t('photo.choose')}
          </button>
          {me.avatar && (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void save(null)}
              data-testid="avatar-remove"
            >
              {t('photo.remove')}
            </button>
          )}
        </div>
        <p id={hintId} className="muted small">
          {t('photo.hint', { max: MAX_MB })}
        </p>
        {error && (
          <p role="alert" className="error-text" data-testid="avatar-error">
            {error}
          </p>
        )}
        <input
          ref={file}
          type="file"
          accept={ACCEPT}
          hidden
          onChange={(e) => void chosen(e)}
          data-testid="avatar-file"
        />
      </div>
    </div>
  )
}

/** The file's bytes as base64, as the API takes them (the browser encodes it natively). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result)
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(file)
  })
}
