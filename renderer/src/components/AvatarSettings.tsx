// A photo: mine in Settings, or a group's in its info (PhotoPicker). The current
// one (or initials), a button that opens the file chooser, and one that removes
// it. The core shrinks the picture and strips its metadata; a file it cannot use
// comes back as its error.
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
  const me = state.profile
  return (
    <PhotoPicker
      title={t('photo.title')}
      peerId={me.peerId}
      name={me.displayName ?? ''}
      src={me.avatar}
      save={async (image) => dispatch({ type: 'profile', profile: await api.setAvatar({ image }) })}
      testId="avatar"
    />
  )
}

/** Chooses a photo (base64 of the file, as the API takes it) or removes it (null). */
export function PhotoPicker({
  title,
  peerId,
  name,
  src,
  group = false,
  save: store,
  testId,
}: {
  title: string
  peerId: string
  name: string
  src: string | null | undefined
  group?: boolean
  save: (image: string | null) => Promise<void>
  testId: string
}) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const file = useRef<HTMLInputElement>(null)
  const hintId = useId()

  /** Sets the picture (its base64, once read) or, with null, removes it. */
  const save = async (image: Promise<string> | null) => {
    setBusy(true)
    setError(null)
    try {
      await store(await image)
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
      <span data-testid={`${testId}-preview`}>
        <Avatar peerId={peerId} name={name} src={src} size={72} group={group} />
      </span>
      <div className="avatar-settings-main">
        <h4>{title}</h4>
        <div className="row-actions">
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => file.current?.click()}
            aria-describedby={hintId}
            data-testid={`${testId}-choose`}
          >
            {busy ? t('photo.saving') : t('photo.choose')}
          </button>
          {src && (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void save(null)}
              data-testid={`${testId}-remove`}
            >
              {t('photo.remove')}
            </button>
          )}
        </div>
        <p id={hintId} className="muted small">
          {t(group ? 'groups.photoHint' : 'photo.hint', { max: MAX_MB })}
        </p>
        {error && (
          <p role="alert" className="error-text" data-testid={`${testId}-error`}>
            {error}
          </p>
        )}
        <input
          ref={file}
          type="file"
          accept={ACCEPT}
          hidden
          onChange={(e) => void chosen(e)}
          data-testid={`${testId}-file`}
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
