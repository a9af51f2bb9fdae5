import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { exportTraceServiceResponse } from './decode-protobuf'
import { errorStatus, exportResponse } from './export-response'

describe('exportResponse', () => {
  it('is empty when every span was taken', () => {
    expect(exportResponse('json', 0, '').toString()).toBe('{}')
    expect(exportResponse('protobuf', 0, '')).toHaveLength(0)
  })

  it('carries partialSuccess with the rejected count, int64 as a string in JSON', () => {
    expect(JSON.parse(exportResponse('json', 2, 'bad ids').toString())).toEqual({
      partialSuccess: { rejectedSpans: '2', errorMessage: 'bad ids' },
    })
    const type = exportTraceServiceResponse()
    const decoded = type.toObject(type.decode(exportResponse('protobuf', 2, 'bad ids')), { longs: Number })
    expect(decoded).toEqual({ partialSuccess: { rejectedSpans: 2, errorMessage: 'bad ids' } })
  })
})

describe('errorStatus', () => {
  it('is a google.rpc.Status with the gRPC code for the HTTP status', () => {
    expect(JSON.parse(errorStatus('json', 401, 'no key').toString())).toEqual({ code: 16, message: 'no key' })
    const Status = new protobuf.Type('Status')
      .add(new protobuf.Field('code', 1, 'int32'))
      .add(new protobuf.Field('message', 2, 'string'))
    expect(Status.toObject(Status.decode(errorStatus('protobuf', 503, 'retry')))).toEqual({
      code: 14,
      message: 'retry',
    })
  })
})
