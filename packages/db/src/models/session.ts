import { Model } from 'objection'
import { belongsToOne } from './relations'
import { User } from './user'

/** A super admin's signed-in session; only the token's sha256 is stored. */
export class Session extends Model {
  static override tableName = 'sessions'
  id!: number
  user_id!: number
  token_hash!: string
  created_at!: Date
  expires_at!: Date
  user?: User

  static override get relationMappings() {
    return { user: belongsToOne(User, 'sessions.user_id', 'users.id') }
  }
}
