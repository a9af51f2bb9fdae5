import { Model, type ModelClass, type RelationMapping } from 'objection'

// The relations the models declare are all one column to one column: these say which kind and
// which columns, so each model's list reads as a table of its links.

/** This row's `from` column points at one `to` row of `modelClass`. */
export function belongsToOne<M extends Model>(
  modelClass: ModelClass<M>,
  from: string,
  to: string,
): RelationMapping<M> {
  return { relation: Model.BelongsToOneRelation, modelClass, join: { from, to } }
}

/** Many rows of `modelClass` point at this row through their `to` column. */
export function hasMany<M extends Model>(
  modelClass: ModelClass<M>,
  from: string,
  to: string,
): RelationMapping<M> {
  return { relation: Model.HasManyRelation, modelClass, join: { from, to } }
}
