import { Model } from 'objection'

export type OrganizationRole = 'owner' | 'executive' | 'team_lead' | 'ic'

export class User extends Model {
  static override tableName = 'users'
  id!: number
  email!: string
  name!: string
  password_hash!: string | null
  is_super_admin!: boolean
  created_at!: Date
  updated_at!: Date
  /** Present when loaded through an organization (organization_user.role). */
  role?: OrganizationRole
}
