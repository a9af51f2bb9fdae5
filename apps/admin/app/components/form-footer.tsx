import { Link, useNavigation } from '@remix-run/react'

/** A form's Cancel link and submit button; the button says "Saving…" while the form submits. */
export function FormFooter({
  cancelTo,
  submitLabel,
  intent,
}: {
  cancelTo: string
  submitLabel: string
  /** Sent as `intent` with the submit button, for actions that handle several buttons. */
  intent?: string
}) {
  const saving = useNavigation().state === 'submitting'
  return (
    <div className="flex items-center justify-end gap-2 rounded-b-xl border-t border-gray-100 bg-gray-50 px-6 py-4">
      <Link to={cancelTo} className="btn-secondary">
        Cancel
      </Link>
      <button
        type="submit"
        className="btn-primary"
        disabled={saving}
        {...(intent ? { name: 'intent', value: intent } : {})}
      >
        {saving ? 'Saving…' : submitLabel}
      </button>
    </div>
  )
}
