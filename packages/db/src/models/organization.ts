export interface Organization {
  id: number
  name: string
  slug: string
  created_at: Date
  updated_at: Date
}
