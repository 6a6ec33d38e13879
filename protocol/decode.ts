// Reading a peer's protobuf bytes safely: the size is bounded before decoding, and
// a failure is a typed error the caller answers or logs, never a throw.
import type { Uint8ArrayList } from 'uint8arraylist'

export interface DecodeError {
  code: 'invalid' | 'too-large'
  reason: string
}

export type Decoded<T> = ({ ok: true } & T) | { ok: false; error: DecodeError }

export function fail(code: DecodeError['code'], reason: string): { ok: false; error: DecodeError } {
  return { ok: false, error: { code, reason } }
}

/**
 * `decode(bytes)` when they are at most `max` bytes. `what` names the message in
 * errors; `tooLong` is the reason when a repeated field is over its protons limit.
 */
export function decodeWire<W>(
  bytes: Uint8Array | Uint8ArrayList,
  max: number,
  what: string,
  decode: (bytes: Uint8Array | Uint8ArrayList) => W,
  tooLong = `${what} has a list over its limit`,
): Decoded<{ wire: W }> {
  if (bytes.byteLength > max) {
    return fail('too-large', `${what} of ${bytes.byteLength} bytes exceeds ${max}`)
  }
  try {
    return { ok: true, wire: decode(bytes) }
  } catch (err) {
    if ((err as Error).name === 'MaxLengthError') return fail('too-large', tooLong)
    return fail('invalid', `undecodable ${what}: ${(err as Error).message}`)
  }
}
