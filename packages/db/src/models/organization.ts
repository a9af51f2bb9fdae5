import { Model } from 'objection'
import { ApiKey } from './api-key'
import { Project } from './project'
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
      projects: {
        relation: Model.HasManyRelation,
        modelClass: Project,
        join: { from: 'organizations.id', to: 'projects.organization_id' },
      },
      apiKeys: {
        relation: Model.HasManyRelation,
        modelClass: ApiKey,
        join: { from: 'organizations.id', to: 'api_keys.organization_id' },
      },
    }
  }
}
