import { Model } from 'objection'
import { Document } from './document'
import { hasMany } from './relations'

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
      documents: hasMany(Document, 'projects.id', 'documents.project_id'),
    }
  }
}
