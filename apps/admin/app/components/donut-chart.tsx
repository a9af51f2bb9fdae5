import { Group } from '@visx/group'
import { Pie } from '@visx/shape'
import { useState } from 'react'

export interface Slice {
  key: string
  label: string
  /** For drawing only. */
  value: number
  /** The exact amount, formatted. */
  display: string
  /** Percent of the total, one decimal. */
  share: number
}

export const PALETTE = [
  '#4f46e5',
  '#0ea5e9',
  '#10b981',
  '#f59e0b',
  '#f43f5e',
  '#8b5cf6',
  '#14b8a6',
  '#ec4899',
  '#64748b',
]

const SIZE = 200

/** A donut with a legend of labels, amounts and percentages; the legend is the accessible reading. */
export function DonutChart({ slices, total, testId }: { slices: Slice[]; total: string; testId: string }) {
  const [hovered, setHovered] = useState<string | null>(null)
  const visible = slices.filter((s) => s.value > 0)
  const focus = slices.find((s) => s.key === hovered)
  return (
    <div className="flex flex-col items-center gap-5 sm:flex-row sm:items-center" data-testid={testId}>
      <div className="relative h-36 w-36 shrink-0">
        <svg viewBox={`0 0 ${SIZE} ${SIZE}`} className="h-full w-full" aria-hidden="true">
          <Group top={SIZE / 2} left={SIZE / 2}>
            {visible.length === 0 ? (
              <circle r={SIZE / 2 - 14} fill="none" stroke="#e5e7eb" strokeWidth={28} />
            ) : (
              <Pie
                data={visible}
                pieValue={(s) => s.value}
                outerRadius={SIZE / 2}
                innerRadius={SIZE / 2 - 28}
                padAngle={visible.length > 1 ? 0.012 : 0}
                cornerRadius={3}
                pieSortValues={() => 0}
              >
                {(pie) =>
                  pie.arcs.map((arc) => {
                    const index = slices.indexOf(arc.data)
                    return (
                      // biome-ignore lint/a11y/noStaticElementInteractions: hover highlight only; the legend lists every value
                      <path
                        key={arc.data.key}
                        d={pie.path(arc) ?? ''}
                        fill={PALETTE[index % PALETTE.length]}
                        opacity={hovered && hovered !== arc.data.key ? 0.35 : 1}
                        onMouseEnter={() => setHovered(arc.data.key)}
                        onMouseLeave={() => setHovered(null)}
                      />
                    )
                  })
                }
              </Pie>
            )}
          </Group>
        </svg>
        <div className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center text-center">
          <span className="text-xs text-gray-500">{focus ? focus.label : 'Total'}</span>
          <span className="text-sm font-semibold text-gray-900">{focus ? focus.display : total}</span>
          {focus && <span className="text-xs text-gray-500">{focus.share}%</span>}
        </div>
      </div>
      <ul className="w-full min-w-0 space-y-1.5 text-sm">
        {slices.map((slice, index) => (
          <li
            key={slice.key}
            className={`flex items-center gap-2 rounded-md px-1.5 py-1 ${hovered === slice.key ? 'bg-gray-50' : ''}`}
            onMouseEnter={() => setHovered(slice.key)}
            onMouseLeave={() => setHovered(null)}
            data-slice={slice.key}
          >
            <span
              className="h-2.5 w-2.5 shrink-0 rounded-full"
              style={{ backgroundColor: PALETTE[index % PALETTE.length] }}
              aria-hidden="true"
            />
            <span className="min-w-0 flex-1 truncate text-gray-700" data-testid="slice-label">
              {slice.label}
            </span>
            <span className="tabular-nums font-medium text-gray-900" data-testid="slice-value">
              {slice.display}
            </span>
            <span className="w-12 text-right tabular-nums text-gray-500" data-testid="slice-share">
              {slice.share}%
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}
