import { Model } from 'objection'

export class Document extends Model {
  static override tableName = 'documents'
  id!: number
  project_id!: number
  /** Always the project's organization (filled by a trigger); it scopes external_id. */
  organization_id!: number
  name!: string
  /** The app's own id for this document, unique in its organization. */
  external_id!: string | null
  created_at!: Date
  updated_at!: Date
}
