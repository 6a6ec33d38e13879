// A contact's info, from the chat header: who they are, my nickname for them,
// their labels, our safety number, and removing or blocking them.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Contact } from '../../../protocol/api.ts'
import { shownName } from '../../../protocol/names.ts'
import { shortPeerId } from '../format.ts'
import { useParley } from '../state/parley-context.tsx'
import { Avatar } from './Avatar.tsx'
import { BlockButton } from './BlockButton.tsx'
import { ConfirmButton } from './ConfirmButton.tsx'
import { Dialog } from './Dialog.tsx'
import { IconButton } from './IconButton.tsx'
import { InfoIcon } from './Icons.tsx'
import { LabelsEditor } from './LabelsEditor.tsx'
import { NicknameForm } from './NicknameForm.tsx'
import { SafetyNumberButton, VerifiedBadge } from './SafetyNumber.tsx'

/** The header's "Contact info" button; `onGone` closes the chat once they are removed or blocked. */
export function ContactInfoButton({ peerId, onGone }: { peerId: string; onGone: () => void }) {
  const { t } = useTranslation()
  const { state } = useParley()
  const [open, setOpen] = useState(false)
  const contact = state.contacts.get(peerId)
  if (!contact) return null
  return (
    <>
      <IconButton
        label={t('contactInfo.open')}
        className="contact-info-open"
        opensDialog
        onClick={() => setOpen(true)}
        testId="contact-info-open"
      >
        <InfoIcon />
      </IconButton>
      {open && (
        <ContactInfoDialog
          contact={contact}
          onClose={() => setOpen(false)}
          onGone={() => {
            setOpen(false)
            onGone()
          }}
        />
      )}
    </>
  )
}

function ContactInfoDialog({
  contact,
  onClose,
  onGone,
}: {
  contact: Contact
  onClose: () => void
  onGone: () => void
}) {
  const { t } = useTranslation()
  const { api, dispatch } = useParley()
  const { peerId } = contact
  const name = shownName(peerId, contact)
  return (
    <Dialog title={t('contactInfo.title')} onClose={onClose} testId="contact-info-dialog">
      <div className="contact-info">
        <div className="contact-card">
          <Avatar peerId={peerId} name={name} src={contact.avatar} size={56} />
          <div className="contact-card-text">
            <div className="name-line">
              <h3 data-testid="contact-info-name">{name}</h3>
              {contact.verified && <VerifiedBadge />}
            </div>
            {contact.nickname && contact.displayName && (
              <p className="muted small">
                {t('contactInfo.theirName', { name: contact.displayName })}
              </p>
            )}
            <p className="peer-id" title={peerId}>
              {t('chat.peerId', { id: shortPeerId(peerId) })}
            </p>
          </div>
        </div>
        <NicknameForm contact={contact} />
        <LabelsEditor contact={contact} />
        <div>
          <SafetyNumberButton peerId={peerId} label={t('safety.open')} testId="safety-open" />
        </div>
        <div className="form-actions">
          <ConfirmButton
            label={t('confirm.remove')}
            title={t('confirm.removeTitle', { name })}
            text={t('confirm.removeText')}
            testId="remove-contact"
            onConfirm={async () => {
              await api.removeContact({ peerId })
              dispatch({ type: 'contact-removed', peerId })
              onGone()
            }}
          />
          <BlockButton contact={contact} onBlocked={onGone} />
        </div>
      </div>
    </Dialog>
  )
}
