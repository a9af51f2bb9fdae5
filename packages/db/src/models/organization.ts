import { Model } from 'objection'
import { ApiKey } from './api-key'
import { Project } from './project'
import { hasMany } from './relations'
import { User } from './user'

export class Organization extends Model {
  static override tableName = 'organizations'
  id!: number
  name!: string
  slug!: string
  created_at!: Date
  updated_at!: Date
  users?: User[]
  projects?: Project[]
  apiKeys?: ApiKey[]

  static override get relationMappings() {
    return {
      users: {
        relation: Model.ManyToManyRelation,
        modelClass: User,
        join: {
          from: 'organizations.id',
          through: {
            from: 'organization_user.organization_id',
            to: 'organization_user.user_id',
            extra: ['role'],
          },
          to: 'users.id',
        },
      },
      projects: hasMany(Project, 'organizations.id', 'projects.organization_id'),
      apiKeys: hasMany(ApiKey, 'organizations.id', 'api_keys.organization_id'),
    }
  }
}
