import { Model } from 'objection'
import { Document } from './document'

export class Project extends Model {
  static override tableName = 'projects'
  id!: number
  organization_id!: number
  name!: string
  /** The app's own id for this project, unique in its organization. */
  external_id!: string | null
  created_at!: Date
  updated_at!: Date
  documents?: Document[]

  static override get relationMappings() {
    return {
      documents: {
        relation: Model.HasManyRelation,
        modelClass: Document,
        join: { from: 'projects.id', to: 'documents.project_id' },
      },
    }
  }
}
