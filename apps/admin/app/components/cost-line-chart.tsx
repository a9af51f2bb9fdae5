import { AxisBottom, AxisLeft } from '@visx/axis'
import { curveMonotoneX } from '@visx/curve'
import { GridRows } from '@visx/grid'
import { Group } from '@visx/group'
import { scaleLinear } from '@visx/scale'
import { AreaClosed, Line, LinePath } from '@visx/shape'
import { type KeyboardEvent, type MouseEvent, useId, useRef, useState } from 'react'

export interface CostPoint {
  day: string
  /** For drawing only; the label is the exact figure. */
  value: number
  label: string
  requests: number
}

const WIDTH = 760
const HEIGHT = 280
const MARGIN = { top: 16, right: 30, bottom: 36, left: 56 }
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export function shortDay(day: string): string {
  return `${MONTHS[Number(day.slice(5, 7)) - 1]} ${Number(day.slice(8, 10))}`
}

/** Axis labels with as many decimals as the tick step needs: $0 $1 $2, $0.25 $0.50, $2k. */
function tickFormatter(ticks: number[]): (value: number) => string {
  const step = ticks.length > 1 ? Math.abs((ticks[1] ?? 0) - (ticks[0] ?? 0)) : 1
  const decimals = step >= 1 ? 0 : step >= 0.1 ? 1 : 2
  const thousands = step >= 1000
  return (value) =>
    thousands
      ? `$${(value / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })}k`
      : `$${value.toFixed(decimals)}`
}

/**
 * Cost per day as an area chart drawn in a fixed viewBox that scales to its container (so it renders
 * on the server too). Hover or focus it and use ←/→ to read each day.
 */
export function CostLineChart({ points, title }: { points: CostPoint[]; title: string }) {
  const gradientId = useId()
  const svgRef = useRef<SVGSVGElement>(null)
  const [active, setActive] = useState<number | null>(null)
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom
  const max = Math.max(...points.map((p) => p.value), 0)
  const x = scaleLinear<number>({ domain: [0, Math.max(points.length - 1, 1)], range: [0, innerWidth] })
  const y = scaleLinear<number>({ domain: [0, max > 0 ? max * 1.1 : 1], range: [innerHeight, 0], nice: true })
  const tickEvery = Math.max(1, Math.ceil(points.length / 7))
  const formatTick = tickFormatter(y.ticks(5))
  const shown = active != null ? points[active] : undefined

  const pick = (event: MouseEvent<SVGRectElement>) => {
    const svg = svgRef.current
    if (!svg || points.length === 0) return
    const box = svg.getBoundingClientRect()
    const px = ((event.clientX - box.left) * WIDTH) / box.width - MARGIN.left
    setActive(Math.min(points.length - 1, Math.max(0, Math.round(x.invert(px)))))
  }
  const onKey = (event: KeyboardEvent<SVGSVGElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return
    event.preventDefault()
    const start = active ?? points.length - 1
    setActive(Math.min(points.length - 1, Math.max(0, start + (event.key === 'ArrowRight' ? 1 : -1))))
  }

  return (
    <div className="relative">
      <svg
        ref={svgRef}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-auto w-full select-none rounded-md"
        role="img"
        aria-label={`${title}. Use the left and right arrow keys to read each day.`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the chart is explorable with the arrow keys
        tabIndex={0}
        onKeyDown={onKey}
        onBlur={() => setActive(null)}
        data-testid="cost-chart"
      >
        <defs>
          <linearGradient id={gradientId} x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor="#6366f1" stopOpacity={0.28} />
            <stop offset="100%" stopColor="#6366f1" stopOpacity={0.02} />
          </linearGradient>
        </defs>
        <Group left={MARGIN.left} top={MARGIN.top}>
          <GridRows scale={y} width={innerWidth} numTicks={5} stroke="#e5e7eb" strokeDasharray="3 4" />
          <AreaClosed
            data={points}
            x={(_, i) => x(i)}
            y={(p) => y(p.value)}
            yScale={y}
            curve={curveMonotoneX}
            fill={`url(#${gradientId})`}
          />
          <LinePath
            data={points}
            x={(_, i) => x(i)}
            y={(p) => y(p.value)}
            curve={curveMonotoneX}
            stroke="#4f46e5"
            strokeWidth={2.5}
            strokeLinecap="round"
          />
          <AxisLeft
            scale={y}
            numTicks={5}
            hideAxisLine
            hideTicks
            tickFormat={(v) => formatTick(Number(v))}
            tickLabelProps={{ fill: '#6b7280', fontSize: 14, textAnchor: 'end', dx: -8, dy: 5 }}
          />
          <AxisBottom
            top={innerHeight}
            scale={x}
            tickValues={points.map((_, i) => i).filter((i) => (points.length - 1 - i) % tickEvery === 0)}
            tickFormat={(i) => shortDay(points[Number(i)]?.day ?? '')}
            stroke="#e5e7eb"
            hideTicks
            tickLabelProps={{ fill: '#6b7280', fontSize: 14, textAnchor: 'middle', dy: 6 }}
          />
          {shown && active != null && (
            <g pointerEvents="none">
              <Line
                from={{ x: x(active), y: 0 }}
                to={{ x: x(active), y: innerHeight }}
                stroke="#a5b4fc"
                strokeWidth={1}
                strokeDasharray="4 3"
              />
              <circle cx={x(active)} cy={y(shown.value)} r={5} fill="#4f46e5" stroke="#fff" strokeWidth={2} />
            </g>
          )}
          {/* biome-ignore lint/a11y/noStaticElementInteractions: pointer reading; keyboard users get ←/→ on the chart */}
          <rect
            width={innerWidth}
            height={innerHeight}
            fill="transparent"
            onMouseMove={pick}
            onMouseLeave={() => setActive(null)}
          />
        </Group>
      </svg>
      {shown && active != null && (
        <div
          className="pointer-events-none absolute top-2 rounded-lg bg-gray-900 px-3 py-2 text-xs text-white shadow-lg"
          style={{
            left: `${((MARGIN.left + x(active)) / WIDTH) * 100}%`,
            transform: `translateX(${active > points.length / 2 ? '-105%' : '5%'})`,
          }}
          role="status"
        >
          <p className="font-semibold">{shortDay(shown.day)}</p>
          <p>{shown.label}</p>
          <p className="text-gray-300">{shown.requests.toLocaleString('en-US')} requests</p>
        </div>
      )}
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th>Day</th>
            <th>Cost</th>
            <th>Requests</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.day} data-day={p.day}>
              <td>{p.day}</td>
              <td>{p.label}</td>
              <td>{p.requests}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
