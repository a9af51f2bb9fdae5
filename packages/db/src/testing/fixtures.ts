import { randomBytes } from 'node:crypto'
import { generateApiKey } from '@tokenledger/domain'
import type { Db } from '../knex'

export interface Tenant {
  organizationId: number
  slug: string
  userId: number
  projectId: number
  documentId: number
  apiKey: string
  apiKeyId: number
}

/** An organization with one member, one project with one document, and an API key: what most tests need. */
export async function createTenant(db: Db, name = 'Tenant'): Promise<Tenant> {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(3).toString('hex')}`
  const [org] = await db('organizations').insert({ name, slug }).returning('id')
  const [user] = await db('users')
    .insert({ email: `${slug}@example.test`, name: `${name} User` })
    .returning('id')
  await db('organization_user').insert({ organization_id: org.id, user_id: user.id, role: 'owner' })
  const [project] = await db('projects')
    .insert({ organization_id: org.id, name: `${name} Project` })
    .returning('id')
  const [document] = await db('documents')
    .insert({ project_id: project.id, name: `${name} Doc.pdf` })
    .returning('id')
  const key = generateApiKey()
  const [apiKey] = await db('api_keys')
    .insert({ organization_id: org.id, name: 'test', prefix: key.prefix, key_hash: key.hash })
    .returning('id')
  return {
    organizationId: org.id,
    slug,
    userId: user.id,
    projectId: project.id,
    documentId: document.id,
    apiKey: key.key,
    apiKeyId: apiKey.id,
  }
}
