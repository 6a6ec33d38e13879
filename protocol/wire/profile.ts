import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface PublicProfile {
  displayName: string
}

export namespace PublicProfile {
  let _codec: Codec<PublicProfile>

  export const codec = (): Codec<PublicProfile> => {
    if (_codec == null) {
      _codec = message<PublicProfile>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.displayName != null && obj.displayName !== '')) {
          w.uint32(10)
          w.string(obj.displayName)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          displayName: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.displayName = reader.string()
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.displayName`,
                value: reader.string()
              }
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

  export interface PublicProfileDisplayNameFieldEvent {
    field: '$.displayName'
    value: string
  }

  export function encode (obj: Partial<PublicProfile>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PublicProfile.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PublicProfile>): PublicProfile {
    return decodeMessage(buf, PublicProfile.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PublicProfile>): Generator<PublicProfileDisplayNameFieldEvent> {
    return streamMessage(buf, PublicProfile.codec(), opts)
  }
}
