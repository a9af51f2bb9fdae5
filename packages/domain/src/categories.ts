/** Why an AI call was made. The order is the order shown in the admin. */
export const CATEGORIES = [
  'document_analysis',
  'estimate_analysis',
  'brief_analysis',
  'project_extraction',
  'summarization',
  'classification',
  'question_generation',
  'flag_extraction',
  'general',
] as const

export type Category = (typeof CATEGORIES)[number]

export const CATEGORY_LABELS: Record<Category, string> = {
  document_analysis: 'Document analysis',
  estimate_analysis: 'Estimate analysis',
  brief_analysis: 'Brief analysis',
  project_extraction: 'Project extraction',
  summarization: 'Summarization',
  classification: 'Classification',
  question_generation: 'Question generation',
  flag_extraction: 'Flag extraction',
  general: 'General',
}

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value)
}

export function categoryLabel(category: Category): string {
  return CATEGORY_LABELS[category]
}
