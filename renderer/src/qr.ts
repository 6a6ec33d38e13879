// QR codes as the UI draws them: dark on white whatever the theme, so any camera reads them.
import QRCode from 'qrcode'

export const QR_SIZE = 240

export function qrDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, {
    errorCorrectionLevel: 'M',
    margin: 2,
    width: QR_SIZE,
    color: { dark: '#111111', light: '#ffffff' },
  })
}
