import { Model } from 'objection'

export class ModelPrice extends Model {
  static override tableName = 'model_prices'
  id!: number
  provider!: string
  model!: string
  input_mtok!: string
  output_mtok!: string
  cache_read_mtok!: string | null
  cache_write_mtok!: string | null
  reasoning_mtok!: string | null
  effective_from!: Date
  notes!: string | null
  created_at!: Date
  updated_at!: Date
}
