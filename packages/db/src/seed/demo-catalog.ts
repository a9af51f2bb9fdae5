import type { Category } from '@tokenledger/domain'

/** The demo tenants. Slugs are stable: docs and tests refer to them. */
export const DEMO_ORGANIZATIONS = [
  {
    slug: 'acme',
    name: 'Acme Construction',
    /** The organization budget as a multiple of its last-30-days spend: warning, comfortable, exceeded. */
    budgetFactor: '1.15',
    callsPerDay: 70,
    users: [
      ['Maya Chen', 'owner'],
      ['Jonas Weber', 'executive'],
      ['Priya Natarajan', 'team_lead'],
      ['Leo Martins', 'ic'],
      ['Sara Okafor', 'ic'],
    ],
    projects: {
      'Riverside Tower': ['Structural estimate v3.pdf', 'Client brief.docx', 'Site survey.pdf'],
      'Harbor Logistics Hub': ['Tender documents.pdf', 'Cost plan Q3.xlsx'],
      'Maple School Renovation': ['Scope of works.pdf', 'Change order 12.pdf'],
    },
  },
  {
    slug: 'globex',
    name: 'Globex Engineering',
    budgetFactor: '2.5',
    callsPerDay: 45,
    users: [
      ['Hank Scorpio', 'owner'],
      ['Ines Duarte', 'team_lead'],
      ['Tom Becker', 'ic'],
      ['Aiko Tanaka', 'ic'],
    ],
    projects: {
      'Metro Line Extension': ['Geotechnical report.pdf', 'Bill of quantities.xlsx'],
      'Data Center North': ['RFP.pdf', 'Electrical estimate.pdf', 'Design brief.pdf'],
    },
  },
  {
    slug: 'initech',
    name: 'Initech Properties',
    budgetFactor: '0.8',
    callsPerDay: 25,
    users: [
      ['Bill Lumbergh', 'executive'],
      ['Peter Gibbons', 'team_lead'],
      ['Milton Waddams', 'ic'],
    ],
    projects: {
      'Office Park Refit': ['Refit estimate.pdf', 'Tenant brief.docx'],
      'Parking Structure B': ['Inspection report.pdf'],
    },
  },
] as const

/**
 * Each demo organization's product has end users of its own, known to Tokenledger only by the
 * app's ids (created as the SDK would, through the directory): one with a name and email, one
 * with an email only, one with nothing but its id, so the admin shows every way to name them.
 */
export const DEMO_APP_USERS: Readonly<
  Record<string, ReadonlyArray<{ externalId: string; name?: string; email?: string }>>
> = {
  acme: [
    { externalId: 'usr_8f2a01', name: 'Dana Whitfield', email: 'dana@riverside-homes.example' },
    { externalId: 'usr_8f2a02', email: 'li.wei@harbor-freight.example' },
    { externalId: 'usr_8f2a03' },
  ],
  globex: [
    { externalId: 'c0ffee00-0000-4000-8000-000000000001', name: 'Rosa Lind' },
    { externalId: 'c0ffee00-0000-4000-8000-000000000002' },
  ],
  initech: [{ externalId: '4711', name: 'Sam Porter', email: 'sam@tenant.example' }],
}

/** Provider/model mix with relative weights and typical token sizes (prompt, completion). */
export const DEMO_MODELS = [
  { provider: 'openai', model: 'gpt-4o-mini', weight: 30, prompt: [800, 6000], completion: [100, 900] },
  { provider: 'openai', model: 'gpt-4o', weight: 14, prompt: [1500, 12000], completion: [200, 1500] },
  { provider: 'openai', model: 'gpt-4.1', weight: 8, prompt: [2000, 20000], completion: [200, 2000] },
  { provider: 'openai', model: 'o3-mini', weight: 5, prompt: [1000, 8000], completion: [500, 4000] },
  {
    provider: 'anthropic',
    model: 'claude-3-5-haiku-20241022',
    weight: 16,
    prompt: [800, 8000],
    completion: [100, 1000],
  },
  {
    provider: 'anthropic',
    model: 'claude-sonnet-4-20250514',
    weight: 15,
    prompt: [2000, 30000],
    completion: [300, 3000],
  },
  {
    provider: 'google',
    model: 'gemini-2.5-flash',
    weight: 10,
    prompt: [1000, 15000],
    completion: [100, 1500],
  },
  { provider: 'google', model: 'gemini-2.5-pro', weight: 2, prompt: [5000, 60000], completion: [500, 4000] },
] as const

/** Why calls are made, with weights and example purposes (what the app would pass as purpose detail). */
export const DEMO_PURPOSES: ReadonlyArray<readonly [Category, number, readonly string[]]> = [
  ['document_analysis', 22, ['Extract key terms from uploaded contract', 'Analyse site survey findings']],
  ['estimate_analysis', 16, ['Compare line items against cost plan', 'Flag unusual unit rates in estimate']],
  ['brief_analysis', 10, ['Summarise client requirements from brief', 'List open questions in design brief']],
  ['project_extraction', 9, ['Extract project milestones', 'Pull stakeholders and dates from tender']],
  ['summarization', 14, ['Weekly project summary for executives', 'Summarise meeting notes']],
  ['classification', 10, ['Classify incoming document type', 'Route email to the right team']],
  ['question_generation', 7, ['Generate RFI questions for subcontractor', 'Draft clarification questions']],
  ['flag_extraction', 7, ['Find risk flags in scope of works', 'Detect missing insurance clauses']],
  ['general', 5, ['Ad-hoc assistant chat', 'Rewrite paragraph for clarity']],
]

/** Prompt/response templates; some carry PII so the redaction markers show up in the admin. */
export const DEMO_PROMPTS = [
  'Please review the attached document "{doc}" and list the key risks for the project {project}.',
  'Summarise the following notes for {project}. Contact the site manager at {email} or {phone} for details.',
  'Extract all line items with quantities and unit rates from "{doc}".',
  'Classify this document: "{doc}". Possible types: estimate, brief, contract, report.',
  'Generate five clarification questions about "{doc}" for the subcontractor.',
] as const

export const DEMO_RESPONSES = [
  'Here are the main points:\n1. Schedule risk on foundations.\n2. Unit rates for steel are 12% above benchmark.\n3. Missing insurance clause in section 4.',
  'Summary: the team agreed to move the concrete pour to next Tuesday. Follow up with {email}.',
  'Document type: estimate (confidence 0.92).',
  'Questions:\n- Which standard applies to the fire rating?\n- Is temporary power included?\n- Who supplies scaffolding?',
] as const

/**
 * A model no catalog prices (an organization's own fine-tune), called a few times a day in the
 * demo's last week by its first organization: the unpriced list and the dashboard's warning have
 * something to show, and a custom price plus a reprice can be tried on it.
 */
export const DEMO_UNPRICED_MODEL = {
  provider: 'acme-ml',
  model: 'estimate-classifier-ft-v2',
  callsPerDay: 2,
  days: 7,
  promptTokens: 1200,
  completionTokens: 40,
} as const
