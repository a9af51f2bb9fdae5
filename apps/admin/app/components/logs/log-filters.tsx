import { Form, Link, useSubmit } from '@remix-run/react'
import type { UsageLogFilterOptions } from '@tokenledger/db'
import type { ChangeEvent } from 'react'
import { nameText, userText } from '../../lib/labels'
import { hasFilters, LOG_SORTS, type LogQuery } from '../../lib/log-query'
import { FilterField, SelectFilter, type SelectOption } from '../select-filter'

export type LogFilterOptions = UsageLogFilterOptions & { categories: SelectOption[] }

const STATUSES = [
  { value: 'success', label: 'Succeeded' },
  { value: 'failed', label: 'Failed' },
]
const OVERRIDDEN = [
  { value: 'yes', label: 'Overridden' },
  { value: 'no', label: 'Not overridden' },
]

/** The log list's filter form: a GET form, so every view has its own address. */
export function LogFilters({ query, options }: { query: LogQuery; options: LogFilterOptions }) {
  const submit = useSubmit()
  // Submit only the filters that are set, so the address stays short and readable.
  const apply = (form: HTMLFormElement) => {
    const data = new FormData(form)
    for (const [name, value] of [...data.entries()])
      if (value === '' || (name === 'sort' && value === 'newest')) data.delete(name)
    submit(data, { method: 'get', action: '/logs' })
  }
  // Choosing an organization or a project narrows the choices below it: reload them at once.
  const narrow = (event: ChangeEvent<HTMLSelectElement>) => {
    const form = event.currentTarget.form
    if (!form) return
    const below = event.currentTarget.name === 'organization' ? ['user', 'project', 'document'] : ['document']
    for (const name of below) {
      const field = form.elements.namedItem(name) as HTMLSelectElement | null
      if (field) field.value = ''
    }
    apply(form)
  }
  return (
    <Form
      method="get"
      action="/logs"
      className="card p-4 sm:p-5"
      aria-label="Filters"
      data-testid="log-filters"
      key={JSON.stringify(query)}
      onSubmit={(event) => {
        event.preventDefault()
        apply(event.currentTarget)
      }}
    >
      <div className="grid grid-cols-2 gap-x-3 gap-y-3 sm:gap-x-4 lg:grid-cols-4 2xl:grid-cols-6">
        <FilterField label="From" htmlFor="f-from">
          <input id="f-from" name="from" type="date" defaultValue={query.from} className="input py-1.5" />
        </FilterField>
        <FilterField label="To" htmlFor="f-to">
          <input id="f-to" name="to" type="date" defaultValue={query.to} className="input py-1.5" />
        </FilterField>
        <SelectFilter
          label="Organization"
          name="organization"
          value={query.organization}
          anyLabel="All"
          options={options.organizations.map((o) => ({ value: o.id, label: o.name }))}
          onChange={narrow}
        />
        <SelectFilter
          label="User"
          name="user"
          value={query.user}
          anyLabel="All"
          options={options.users.map((u) => ({ value: u.id, label: userText(u) }))}
        />
        <SelectFilter
          label="Project"
          name="project"
          value={query.project}
          anyLabel="All"
          options={options.projects.map((p) => ({
            value: p.id,
            label: query.organization
              ? nameText(p.name, p.externalId)
              : `${nameText(p.name, p.externalId)} · ${p.organizationName}`,
          }))}
          onChange={narrow}
        />
        <SelectFilter
          label="Document"
          name="document"
          value={query.document}
          anyLabel={query.project ? 'All' : 'Pick a project'}
          options={options.documents.map((d) => ({
            value: d.id,
            label: nameText(d.name, d.externalId),
          }))}
          disabled={!query.project}
          title={query.project ? undefined : 'Choose a project first'}
        />
        <FilterField label="External id" htmlFor="f-externalId">
          <input
            id="f-externalId"
            name="externalId"
            defaultValue={query.externalId}
            placeholder="usr_42"
            className="input py-1.5 font-mono"
            autoComplete="off"
            spellCheck={false}
            title={
              query.organization
                ? "The app's own id of a user, project or document in this organization, exactly"
                : "The app's own id of a user, project or document, exactly, in any organization"
            }
            data-testid="filter-external-id"
          />
        </FilterField>
        <FilterField label="Purpose" htmlFor="f-purpose">
          <input
            id="f-purpose"
            name="purpose"
            defaultValue={query.purpose}
            placeholder="digest"
            className="input py-1.5"
            autoComplete="off"
            title="Text the call's purpose contains, in any case"
            data-testid="filter-purpose"
          />
        </FilterField>
        <SelectFilter
          label="Category"
          name="category"
          value={query.category}
          anyLabel="All"
          options={options.categories}
        />
        <SuggestFilter
          label="Provider"
          name="provider"
          value={query.provider}
          suggestions={options.providers.map((p) => ({ value: p }))}
        />
        <SuggestFilter
          label="Model"
          name="model"
          value={query.model}
          suggestions={options.models
            .filter((m) => !query.provider || m.provider === query.provider)
            .map((m) => ({ value: m.model, hint: m.provider, key: `${m.provider}/${m.model}` }))}
        />
        <SelectFilter label="Status" name="status" value={query.status} anyLabel="Any" options={STATUSES} />
        <SelectFilter
          label="Budget override"
          name="overridden"
          value={query.overridden}
          anyLabel="Any"
          options={OVERRIDDEN}
        />
        <SelectFilter label="Sort" name="sort" value={query.sort} options={LOG_SORTS} />
      </div>
      <div className="mt-3 flex items-center justify-end gap-2">
        {hasFilters(query) && (
          <Link to="/logs" className="btn-secondary py-1.5">
            Reset
          </Link>
        )}
        <button type="submit" className="btn-primary py-1.5" data-testid="apply-filters">
          Apply filters
        </button>
      </div>
    </Form>
  )
}

/** Free text with the values seen lately offered as suggestions (a datalist). */
function SuggestFilter({
  label,
  name,
  value,
  suggestions,
}: {
  label: string
  name: string
  value: string | undefined
  suggestions: Array<{ value: string; hint?: string; key?: string }>
}) {
  return (
    <FilterField label={label} htmlFor={`f-${name}`}>
      <input
        id={`f-${name}`}
        name={name}
        list={`${name}-options`}
        defaultValue={value}
        placeholder="Any"
        className="input py-1.5"
        autoComplete="off"
      />
      <datalist id={`${name}-options`}>
        {suggestions.map((s) => (
          <option key={s.key ?? s.value} value={s.value}>
            {s.hint}
          </option>
        ))}
      </datalist>
    </FilterField>
  )
}
