import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface DirectoryRecord {
  handle: string
  peerId: Uint8Array<ArrayBuffer>
  addresses: Uint8Array<ArrayBuffer>[]
  displayName: string
  seq: bigint
}

export namespace DirectoryRecord {
  let _codec: Codec<DirectoryRecord>

  export const codec = (): Codec<DirectoryRecord> => {
    if (_codec == null) {
      _codec = message<DirectoryRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.handle != null && obj.handle !== '')) {
          w.uint32(10)
          w.string(obj.handle)
        }

        if ((obj.peerId != null && obj.peerId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.peerId)
        }

        if (obj.addresses != null && obj.addresses.length > 0) {
          for (const value of obj.addresses) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if ((obj.displayName != null && obj.displayName !== '')) {
          w.uint32(34)
          w.string(obj.displayName)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(40)
          w.uint64(obj.seq)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          handle: '',
          peerId: uint8ArrayAlloc(0),
          addresses: [],
          displayName: '',
          seq: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.handle = reader.string()
              break
            }
            case 2: {
              obj.peerId = reader.bytes()
              break
            }
            case 3: {
              if (opts.limits?.addresses != null && obj.addresses.length === opts.limits.addresses) {
                throw new MaxLengthError('Decode error - repeated field "addresses" had too many elements')
              }

              if (obj.addresses.length === 8) {
                throw new MaxLengthError('Decode error - repeated field "addresses" had too many elements')
              }

              obj.addresses.push(reader.bytes())
              break
            }
            case 4: {
              obj.displayName = reader.string()
              break
            }
            case 5: {
              obj.seq = reader.uint64()
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
          addresses: 8
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.handle`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.peerId`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              if (opts.limits?.addresses != null && obj.addresses === opts.limits.addresses) {
                throw new MaxLengthError('Streaming decode error - repeated field "addresses" had too many elements')
              }

              if (obj.addresses === 8) {
                throw new MaxLengthError('Streaming decode error - repeated field "addresses" had too many elements')
              }

              yield {
                field: `${prefix}.addresses[]`,
                index: obj.addresses,
                value: reader.bytes()
              }

              obj.addresses++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.displayName`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
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

  export interface DirectoryRecordHandleFieldEvent {
    field: '$.handle'
    value: string
  }

  export interface DirectoryRecordPeerIdFieldEvent {
    field: '$.peerId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DirectoryRecordAddressesFieldEvent {
    field: '$.addresses[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface DirectoryRecordDisplayNameFieldEvent {
    field: '$.displayName'
    value: string
  }

  export interface DirectoryRecordSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export function encode (obj: Partial<DirectoryRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DirectoryRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectoryRecord>): DirectoryRecord {
    return decodeMessage(buf, DirectoryRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectoryRecord>): Generator<DirectoryRecordHandleFieldEvent | DirectoryRecordPeerIdFieldEvent | DirectoryRecordAddressesFieldEvent | DirectoryRecordDisplayNameFieldEvent | DirectoryRecordSeqFieldEvent> {
    return streamMessage(buf, DirectoryRecord.codec(), opts)
  }
}

export interface SignedRecord {
  record: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedRecord {
  let _codec: Codec<SignedRecord>

  export const codec = (): Codec<SignedRecord> => {
    if (_codec == null) {
      _codec = message<SignedRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.record != null && obj.record.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.record)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          record: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.record = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
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
                field: `${prefix}.record`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
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

  export interface SignedRecordRecordFieldEvent {
    field: '$.record'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedRecordSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRecord>): SignedRecord {
    return decodeMessage(buf, SignedRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRecord>): Generator<SignedRecordRecordFieldEvent | SignedRecordSignatureFieldEvent> {
    return streamMessage(buf, SignedRecord.codec(), opts)
  }
}

export interface DirectoryRequest {
  claim?: SignedRecord
  lookup?: Lookup
  release?: Release
}

export namespace DirectoryRequest {
  let _codec: Codec<DirectoryRequest>

  export const codec = (): Codec<DirectoryRequest> => {
    if (_codec == null) {
      _codec = message<DirectoryRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.release != null) {
          obj.lookup = undefined
          obj.claim = undefined
        }

        if (obj.lookup != null) {
          obj.release = undefined
          obj.claim = undefined
        }

        if (obj.claim != null) {
          obj.release = undefined
          obj.lookup = undefined
        }

        if (obj.claim != null) {
          w.uint32(10)
          SignedRecord.codec().encode(obj.claim, w)
        }

        if (obj.lookup != null) {
          w.uint32(18)
          Lookup.codec().encode(obj.lookup, w)
        }

        if (obj.release != null) {
          w.uint32(26)
          Release.codec().encode(obj.release, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.claim = SignedRecord.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.claim
              })
              break
            }
            case 2: {
              obj.lookup = Lookup.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.lookup
              })
              break
            }
            case 3: {
              obj.release = Release.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.release
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.release != null) {
          delete obj.lookup
          delete obj.claim
        }

        if (obj.lookup != null) {
          delete obj.release
          delete obj.claim
        }

        if (obj.claim != null) {
          delete obj.release
          delete obj.lookup
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * SignedRecord.codec().stream(reader, reader.uint32(), `${prefix}.claim`, {
                limits: opts.limits?.claim
              })

              break
            }
            case 2: {
              yield * Lookup.codec().stream(reader, reader.uint32(), `${prefix}.lookup`, {
                limits: opts.limits?.lookup
              })

              break
            }
            case 3: {
              yield * Release.codec().stream(reader, reader.uint32(), `${prefix}.release`, {
                limits: opts.limits?.release
              })

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

  export interface DirectoryRequestClaimRecordFieldEvent {
    field: '$.claim.record'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DirectoryRequestClaimSignatureFieldEvent {
    field: '$.claim.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DirectoryRequestLookupHandleFieldEvent {
    field: '$.lookup.handle'
    value: string
  }

  export interface DirectoryRequestReleaseHandleFieldEvent {
    field: '$.release.handle'
    value: string
  }

  export function encode (obj: Partial<DirectoryRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DirectoryRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectoryRequest>): DirectoryRequest {
    return decodeMessage(buf, DirectoryRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectoryRequest>): Generator<DirectoryRequestClaimRecordFieldEvent | DirectoryRequestClaimSignatureFieldEvent | DirectoryRequestLookupHandleFieldEvent | DirectoryRequestReleaseHandleFieldEvent> {
    return streamMessage(buf, DirectoryRequest.codec(), opts)
  }
}

export interface Lookup {
  handle: string
}

export namespace Lookup {
  let _codec: Codec<Lookup>

  export const codec = (): Codec<Lookup> => {
    if (_codec == null) {
      _codec = message<Lookup>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.handle != null && obj.handle !== '')) {
          w.uint32(10)
          w.string(obj.handle)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          handle: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.handle = reader.string()
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
                field: `${prefix}.handle`,
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

  export interface LookupHandleFieldEvent {
    field: '$.handle'
    value: string
  }

  export function encode (obj: Partial<Lookup>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Lookup.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Lookup>): Lookup {
    return decodeMessage(buf, Lookup.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Lookup>): Generator<LookupHandleFieldEvent> {
    return streamMessage(buf, Lookup.codec(), opts)
  }
}

export interface Release {
  handle: string
}

export namespace Release {
  let _codec: Codec<Release>

  export const codec = (): Codec<Release> => {
    if (_codec == null) {
      _codec = message<Release>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.handle != null && obj.handle !== '')) {
          w.uint32(10)
          w.string(obj.handle)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          handle: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.handle = reader.string()
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
                field: `${prefix}.handle`,
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

  export interface ReleaseHandleFieldEvent {
    field: '$.handle'
    value: string
  }

  export function encode (obj: Partial<Release>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Release.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Release>): Release {
    return decodeMessage(buf, Release.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Release>): Generator<ReleaseHandleFieldEvent> {
    return streamMessage(buf, Release.codec(), opts)
  }
}

export interface DirectoryResponse {
  status: DirectoryResponse.Status
  reason: string
  record?: SignedRecord
}

export namespace DirectoryResponse {
  export enum Status {
    UNSPECIFIED = 'UNSPECIFIED',
    OK = 'OK',
    NOT_FOUND = 'NOT_FOUND',
    TAKEN = 'TAKEN',
    INVALID = 'INVALID',
    FORBIDDEN = 'FORBIDDEN',
    RATE_LIMITED = 'RATE_LIMITED',
    TOO_LARGE = 'TOO_LARGE',
    STALE = 'STALE'
  }

  enum __StatusValues {
    UNSPECIFIED = 0,
    OK = 1,
    NOT_FOUND = 2,
    TAKEN = 3,
    INVALID = 4,
    FORBIDDEN = 5,
    RATE_LIMITED = 6,
    TOO_LARGE = 7,
    STALE = 8
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<DirectoryResponse>

  export const codec = (): Codec<DirectoryResponse> => {
    if (_codec == null) {
      _codec = message<DirectoryResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          DirectoryResponse.Status.codec().encode(obj.status, w)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(18)
          w.string(obj.reason)
        }

        if (obj.record != null) {
          w.uint32(26)
          SignedRecord.codec().encode(obj.record, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.UNSPECIFIED,
          reason: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = DirectoryResponse.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.reason = reader.string()
              break
            }
            case 3: {
              obj.record = SignedRecord.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.record
              })
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
                field: `${prefix}.status`,
                value: DirectoryResponse.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield * SignedRecord.codec().stream(reader, reader.uint32(), `${prefix}.record`, {
                limits: opts.limits?.record
              })

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

  export interface DirectoryResponseStatusFieldEvent {
    field: '$.status'
    value: DirectoryResponse.Status
  }

  export interface DirectoryResponseReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface DirectoryResponseRecordRecordFieldEvent {
    field: '$.record.record'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DirectoryResponseRecordSignatureFieldEvent {
    field: '$.record.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<DirectoryResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DirectoryResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectoryResponse>): DirectoryResponse {
    return decodeMessage(buf, DirectoryResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectoryResponse>): Generator<DirectoryResponseStatusFieldEvent | DirectoryResponseReasonFieldEvent | DirectoryResponseRecordRecordFieldEvent | DirectoryResponseRecordSignatureFieldEvent> {
    return streamMessage(buf, DirectoryResponse.codec(), opts)
  }
}
