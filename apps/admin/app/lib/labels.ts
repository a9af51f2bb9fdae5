// How users, projects and documents are named on every page. An app's user (created from the
// app's own id, see packages/db/src/directory) may have no name and no email; accounts always have
// both. Safe on both sides (no server imports).

export interface UserNaming {
  id: number
  name?: string | null
  email?: string | null
  /** The app's own id, for an app's user. */
  externalId?: string | null
}

/** A user's name on a page: the name, else the email, else the app's id, else "user #id". */
export function userLabel(user: UserNaming): string {
  return user.name || user.email || user.externalId || `user #${user.id}`
}

/**
 * The app's id to show beside a label as a chip, or null: none without one, and none when the
 * label already is that id (a nameless app user), so it never reads twice.
 */
export function externalIdBeside(label: string, externalId: string | null | undefined): string | null {
  return externalId && externalId !== label ? externalId : null
}

/** A project's or document's name with the app's id after it, on one line of plain text. */
export function nameText(name: string, externalId: string | null | undefined): string {
  const beside = externalIdBeside(name, externalId)
  return beside ? `${name} · ${beside}` : name
}

/** A user on one line of plain text (selects, titles, CSV): label, email when not the label, app id. */
export function userText(user: UserNaming): string {
  const label = userLabel(user)
  const email = user.email && user.email !== label ? ` (${user.email})` : ''
  const externalId = externalIdBeside(label, user.externalId)
  return `${label}${email}${externalId ? ` · ${externalId}` : ''}`
}
