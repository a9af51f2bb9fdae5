import { describe, expect, it } from 'vitest'
import { decodeTraceRequestProtobuf, exportTraceServiceRequest } from './decode-protobuf'

describe('decodeTraceRequestProtobuf', () => {
  it('gives the OTLP/JSON shape: hex ids, int64 as strings, typed attribute values', () => {
    const type = exportTraceServiceRequest()
    const bytes = type
      .encode(
        type.fromObject({
          resourceSpans: [
            {
              resource: { attributes: [{ key: 'service.name', value: { stringValue: 'billing' } }] },
              scopeSpans: [
                {
                  spans: [
                    {
                      traceId: Buffer.from('4bf92f3577b34da6a3ce929d0e0e4736', 'hex'),
                      spanId: Buffer.from('00f067aa0ba902b7', 'hex'),
                      name: 'chat gpt-4',
                      startTimeUnixNano: '1764763200000000000',
                      attributes: [
                        { key: 'gen_ai.usage.input_tokens', value: { intValue: 52 } },
                        { key: 'gen_ai.request.top_p', value: { doubleValue: 1 } },
                        {
                          key: 'gen_ai.response.finish_reasons',
                          value: { arrayValue: { values: [{ stringValue: 'stop' }] } },
                        },
                      ],
                      status: { code: 2, message: 'Overloaded' },
                    },
                  ],
                },
              ],
            },
          ],
        }),
      )
      .finish()

    expect(decodeTraceRequestProtobuf(bytes)).toEqual({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'billing' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
                  spanId: '00f067aa0ba902b7',
                  name: 'chat gpt-4',
                  startTimeUnixNano: '1764763200000000000',
                  attributes: [
                    { key: 'gen_ai.usage.input_tokens', value: { intValue: '52' } },
                    { key: 'gen_ai.request.top_p', value: { doubleValue: 1 } },
                    {
                      key: 'gen_ai.response.finish_reasons',
                      value: { arrayValue: { values: [{ stringValue: 'stop' }] } },
                    },
                  ],
                  status: { code: 2, message: 'Overloaded' },
                },
              ],
            },
          ],
        },
      ],
    })
  })

  it('throws on bytes that are not an export request', () => {
    expect(() => decodeTraceRequestProtobuf(Buffer.from('{"resourceSpans":[]}'))).toThrow()
  })
})
