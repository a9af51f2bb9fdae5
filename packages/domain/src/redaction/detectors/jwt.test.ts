import { describe, expect, it } from 'vitest'
import { found } from '../test-helpers'

const b64url = (s: string) => Buffer.from(s).toString('base64url')
const HS256 = b64url('{"alg":"HS256","typ":"JWT"}')

describe('JWT detection', () => {
  it.each([
    ['a short JWS', `${b64url('{"alg":"HS256"}')}.${b64url('{"sub":"1"}')}.abc`],
    [
      'a full JWS',
      `${HS256}.${b64url('{"sub":"1234567890","name":"Jane Doe"}')}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c`,
    ],
    ['an unsigned token', `${b64url('{"alg":"none"}')}.${b64url('{"sub":"1"}')}.`],
    [
      'a JWE',
      `${b64url('{"alg":"RSA-OAEP","enc":"A256GCM"}')}.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZ.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji.XFBoMYUZodetZdvTiFvSkQ`,
    ],
  ])('finds %s whole', (_name, token) => {
    expect(found(`Authorization header was ${token}.`)).toEqual([`api_key:${token}`])
    expect(found(`{"id_token":"${token}"}`)).toEqual([`api_key:${token}`])
  })

  it.each([
    ['a header without alg', `${b64url('{"typ":"JWT"}')}.${b64url('{"sub":"1"}')}.abc`],
    ['base64 JSON that is no header', `${b64url('{"name":"x","v":1}')}.${b64url('{"a":1}')}.sig`],
    ['a header and payload only', `${HS256}.${b64url('{"sub":"1"}')}`],
    ['an anchor glued to a word', `xeyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc`],
    ['a data URL of JSON', `data:application/json;base64,${b64url('{"alg":"x","payload":1}')}`],
  ])('ignores %s', (_name, text) => {
    expect(found(text)).toEqual([])
  })
})
