import { Model } from 'objection'

export class Document extends Model {
  static override tableName = 'documents'
  id!: number
  project_id!: number
  name!: string
  created_at!: Date
  updated_at!: Date
}
