import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Invite {
  peerId: Uint8Array<ArrayBuffer>
  displayName: string
  relays: Uint8Array<ArrayBuffer>[]
}

export namespace Invite {
  let _codec: Codec<Invite>

  export const codec = (): Codec<Invite> => {
    if (_codec == null) {
      _codec = message<Invite>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peerId != null && obj.peerId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.peerId)
        }

        if ((obj.displayName != null && obj.displayName !== '')) {
          w.uint32(18)
          w.string(obj.displayName)
        }

        if (obj.relays != null && obj.relays.length > 0) {
          for (const value of obj.relays) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: uint8ArrayAlloc(0),
          displayName: '',
          relays: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.peerId = reader.bytes()
              break
            }
            case 2: {
              obj.displayName = reader.string()
              break
            }
            case 3: {
              if (opts.limits?.relays != null && obj.relays.length === opts.limits.relays) {
                throw new MaxLengthError('Decode error - repeated field "relays" had too many elements')
              }

              if (obj.relays.length === 8) {
                throw new MaxLengthError('Decode error - repeated field "relays" had too many elements')
              }

              obj.relays.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          relays: 8
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.peerId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.displayName`,
                value: reader.string()
              }
              break
            }
            case 3: {
              if (opts.limits?.relays != null && obj.relays === opts.limits.relays) {
                throw new MaxLengthError('Streaming decode error - repeated field "relays" had too many elements')
              }

              if (obj.relays === 8) {
                throw new MaxLengthError('Streaming decode error - repeated field "relays" had too many elements')
              }

              yield {
                field: `${prefix}.relays[]`,
                index: obj.relays,
                value: reader.bytes()
              }

              obj.relays++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface InvitePeerIdFieldEvent {
    field: '$.peerId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface InviteDisplayNameFieldEvent {
    field: '$.displayName'
    value: string
  }

  export interface InviteRelaysFieldEvent {
    field: '$.relays[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Invite>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Invite.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Invite>): Invite {
    return decodeMessage(buf, Invite.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Invite>): Generator<InvitePeerIdFieldEvent | InviteDisplayNameFieldEvent | InviteRelaysFieldEvent> {
    return streamMessage(buf, Invite.codec(), opts)
  }
}
