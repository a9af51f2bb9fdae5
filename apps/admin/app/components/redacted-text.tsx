const MARKERS = /(\[REDACTED:[a-z_]+\])/
const IS_MARKER = /^\[REDACTED:[a-z_]+\]$/

/** Stored (already redacted) content, with every `[REDACTED:type]` marker highlighted. */
export function RedactedText({ text, testId }: { text: string | null; testId?: string }) {
  if (text == null || text === '') return <p className="text-sm italic text-gray-400">Not recorded.</p>
  // Split keeps the markers (odd positions); a part's position in this fixed text is its identity.
  const parts = text.split(MARKERS).map((part, position) => ({ part, position }))
  return (
    <pre
      className="max-h-[28rem] overflow-auto whitespace-pre-wrap break-words rounded-lg bg-gray-50 p-4 font-mono text-[13px] leading-relaxed text-gray-800 ring-1 ring-inset ring-gray-200"
      data-testid={testId}
    >
      {parts.map(({ part, position }) =>
        IS_MARKER.test(part) ? (
          <mark
            key={position}
            className="rounded bg-amber-100 px-1 font-semibold text-amber-900 ring-1 ring-amber-300"
            data-redacted
          >
            {part}
          </mark>
        ) : (
          <span key={position}>{part}</span>
        ),
      )}
    </pre>
  )
}
