// QR codes as the UI draws them: dark on white whatever the theme, so any camera reads them.
// The encoder loads when a code is first drawn, not with the page.

export const QR_SIZE = 240

export async function qrDataUrl(text: string): Promise<string> {
  const { default: QRCode } = await import('qrcode')
  return QRCode.toDataURL(text, {
    errorCorrectionLevel: 'M',
    margin: 2,
    width: QR_SIZE,
    color: { dark: '#111111', light: '#ffffff' },
  })
}
