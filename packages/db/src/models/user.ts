import { Model } from 'objection'

export type OrganizationRole = 'owner' | 'executive' | 'team_lead' | 'ic'

export class User extends Model {
  static override tableName = 'users'
  id!: number
  /** Null only for an app's user (external_id set) created without one. */
  email!: string | null
  name!: string | null
  /** The organization whose app owns this user; null for accounts (who sign in). */
  organization_id!: number | null
  /** The app's own id for this user, unique in organization_id. */
  external_id!: string | null
  password_hash!: string | null
  is_super_admin!: boolean
  created_at!: Date
  updated_at!: Date
  /** Present when loaded through an organization (organization_user.role). */
  role?: OrganizationRole
}
