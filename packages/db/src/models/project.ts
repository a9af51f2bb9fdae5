export interface Project {
  id: number
  organization_id: number
  name: string
  created_at: Date
  updated_at: Date
}
