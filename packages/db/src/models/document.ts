export interface Document {
  id: number
  project_id: number
  name: string
  created_at: Date
  updated_at: Date
}
