import { describe, expect, it } from 'vitest'
import { found } from '../test-helpers'

const aws = (text: string) => found(text).filter((f) => f.startsWith('aws_key:'))

describe('AWS key detection', () => {
  it('finds access key ids in prose', () => {
    expect(aws('The IAM user key AKIAHDFREAEYKY4WJPWV was leaked.')).toEqual(['aws_key:AKIAHDFREAEYKY4WJPWV'])
  })

  it('finds an id and its secret in a credentials file, without the variable names', () => {
    const text =
      '[default]\naws_access_key_id = AKIAVDUOY4BH5TM4MRGK\naws_secret_access_key = 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\n'
    expect(aws(text)).toEqual([
      'aws_key:AKIAVDUOY4BH5TM4MRGK',
      'aws_key:wq9RxXaPSuq1Wu1P8JHvKbKfttElR/5zHoCZi03s',
    ])
  })

  it('finds temporary credentials in STS JSON', () => {
    const text =
      '{"AccessKeyId": "ASIA5DWIWTYWKAD7WOXU", "SecretAccessKey": "F+6TmU0R3sMWxyVsqzJ0xzj43a35vPyLqWv/GQsZ"}'
    expect(aws(text)).toEqual([
      'aws_key:ASIA5DWIWTYWKAD7WOXU',
      'aws_key:F+6TmU0R3sMWxyVsqzJ0xzj43a35vPyLqWv/GQsZ',
    ])
  })

  const SECRET = 'wq9RxXaPSuq1Wu1P8JHvKbKfttElR/5zHoCZi03s'
  it.each([
    ['env file, no spaces', `AWS_SECRET_ACCESS_KEY=${SECRET}`],
    ['shell export with quotes', `export AWS_SECRET_ACCESS_KEY="${SECRET}"`],
    ['docker-compose list item', `  - AWS_SECRET_ACCESS_KEY=${SECRET}`],
    ['JSON', `{"AWS_SECRET_ACCESS_KEY":"${SECRET}"}`],
    ['JSON inside a JSON string', `{\\"AWS_SECRET_ACCESS_KEY\\":\\"${SECRET}\\"}`],
    ['a label without "aws"', `secret_access_key=${SECRET}`],
    ['YAML, value on the next line', `aws_secret_access_key:\n  ${SECRET}`],
    ['value on the line after "="', `aws_secret_access_key =\n${SECRET}\n`],
    ['YAML inside a JSON string', `{"config": "aws_secret_access_key:\\n${SECRET}"}`],
  ])('types a labelled secret as aws_key: %s', (_why, text) => {
    expect(found(text)).toEqual([`aws_key:${SECRET}`])
  })

  it('does not reach past the line after a label that ends its line', () => {
    expect(aws(`aws_secret_access_key:\n  see below\n${SECRET}`)).toEqual([])
  })

  it('finds a secret next to a key id even without a label', () => {
    expect(aws('AKIAVDUOY4BH5TM4MRGK,wq9RxXaPSuq1Wu1P8JHvKbKfttElR/5zHoCZi03s')).toHaveLength(2)
  })

  it.each([
    ['documented example id', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE'],
    ['documented example secret', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['placeholder id', 'key = AKIAXXXXXXXXXXXXXXXX'],
    ['too short', 'AKIAZZZ'],
    ['ASIA inside a word', 'TODAYINASIAASACKOFRICEFELLOVER'],
    ['lower case', 'akiavduoy4bh5tm4mrgk'],
    ['40-hex git SHA after a label', 'aws_commit=9a038989604e8da62ecddbe2094b16ce1b778be1'],
    ['40 characters without any AWS label', 'checksum Xw9RxXaPSuq1Wu1P8JHvKbKfttElR/5zHoCZi03s'],
    ['variable name only', 'Set AWS_SECRET_ACCESS_KEY to your secret (see docs).'],
    ['longer base64 value with padding', 'aws_session=wq9RxXaPSuq1Wu1P8JHvKbKfttElR/5zHoCZi03s=='],
    ['label and value on lines apart', `aws:\nnotes\nwq9RxXaPSuq1Wu1P8JHvKbKfttElR/5zHoCZi03s`],
  ])('ignores %s', (_why, text) => {
    expect(aws(text)).toEqual([])
  })
})
