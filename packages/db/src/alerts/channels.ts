import { randomBytes } from 'node:crypto'
import type { Db } from '../knex'

export type ChannelKind = 'webhook' | 'email'

export interface AlertChannel {
  id: number
  kind: ChannelKind
  name: string
  /** The webhook's URL, or the email channel's recipients (comma-separated). */
  target: string
  isActive: boolean
  createdAt: Date
}

export interface ChannelInput {
  kind: string
  name: string
  target: string
}

export type ChannelErrors = Partial<Record<'kind' | 'name' | 'target', string>>

const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/

/** Field errors for a new channel: a name, and an http(s) URL or one or more email addresses. */
export function channelInputErrors(input: ChannelInput): ChannelErrors {
  const errors: ChannelErrors = {}
  if (input.kind !== 'webhook' && input.kind !== 'email') errors.kind = 'Choose webhook or email.'
  const name = input.name.trim()
  if (!name) errors.name = 'Give the channel a name.'
  else if (name.length > 100) errors.name = 'At most 100 characters.'
  const target = input.target.trim()
  if (input.kind === 'webhook') {
    let url: URL | null = null
    try {
      url = new URL(target)
    } catch {}
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      errors.target = 'An http:// or https:// URL.'
  } else if (input.kind === 'email') {
    const addresses = splitAddresses(target)
    if (!addresses.length || !addresses.every((a) => EMAIL.test(a)))
      errors.target = 'One or more email addresses, separated by commas.'
  }
  return errors
}

export function splitAddresses(list: string): string[] {
  return list
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
}

/**
 * Creates a channel. A webhook gets a new signing secret, returned here only: the admin shows it
 * once, the worker reads it to sign each delivery.
 */
export async function createChannel(
  db: Db,
  input: ChannelInput,
): Promise<
  { ok: true; channel: AlertChannel; secret: string | null } | { ok: false; errors: ChannelErrors }
> {
  const errors = channelInputErrors(input)
  if (Object.keys(errors).length) return { ok: false, errors }
  const webhook = input.kind === 'webhook'
  const secret = webhook ? `tlwh_${randomBytes(32).toString('base64url')}` : null
  const [row] = await db('alert_channels')
    .insert({
      kind: input.kind,
      name: input.name.trim(),
      url: webhook ? input.target.trim() : null,
      email_to: webhook ? null : splitAddresses(input.target).join(', '),
      secret,
    })
    .returning('*')
  return { ok: true, channel: toChannel(row), secret }
}

export async function listChannels(db: Db): Promise<AlertChannel[]> {
  const rows = await db('alert_channels').orderBy('id')
  return rows.map(toChannel)
}

export async function setChannelActive(db: Db, id: number, isActive: boolean): Promise<boolean> {
  return (await db('alert_channels').where({ id }).update({ is_active: isActive })) > 0
}

/** Deletes a channel and its delivery log. */
export async function deleteChannel(db: Db, id: number): Promise<boolean> {
  return (await db('alert_channels').where({ id }).delete()) > 0
}

/** The channel with what the worker needs to deliver to it (the secret included). */
export async function loadChannelForDelivery(
  db: Db,
  id: number,
): Promise<(AlertChannel & { secret: string | null }) | null> {
  const row = await db('alert_channels').where({ id }).first()
  return row ? { ...toChannel(row), secret: row.secret } : null
}

interface ChannelRow {
  id: number
  kind: ChannelKind
  name: string
  url: string | null
  email_to: string | null
  is_active: boolean
  created_at: Date
}

function toChannel(row: ChannelRow): AlertChannel {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    target: (row.kind === 'webhook' ? row.url : row.email_to) ?? '',
    isActive: row.is_active,
    createdAt: row.created_at,
  }
}
