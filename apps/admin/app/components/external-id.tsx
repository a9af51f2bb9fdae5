/** The app's own id of a user, project or document: a muted monospace chip beside its name. */
export function ExternalIdChip({ value }: { value: string | null | undefined }) {
  if (!value) return null
  return (
    <code
      className="ml-1 inline-block max-w-[12rem] truncate rounded bg-gray-100 px-1 py-px align-middle font-mono text-[11px] font-normal text-gray-500 ring-1 ring-inset ring-gray-200"
      title={`The app's own id: ${value}`}
      data-testid="external-id"
    >
      {value}
    </code>
  )
}
