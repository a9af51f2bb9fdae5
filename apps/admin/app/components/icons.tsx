import type { SVGProps } from 'react'

type IconProps = SVGProps<SVGSVGElement>

function Outline({ d, ...props }: IconProps & { d: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.6}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      {...props}
    >
      <path d={d} />
    </svg>
  )
}

export const ChartIcon = (p: IconProps) => <Outline {...p} d="M3 3v18h18M7 15l4-4 3 3 5-6" />
export const ListIcon = (p: IconProps) => (
  <Outline {...p} d="M8 6h13M8 12h13M8 18h13M3.5 6h.01M3.5 12h.01M3.5 18h.01" />
)
export const WalletIcon = (p: IconProps) => (
  <Outline {...p} d="M3 7a2 2 0 0 1 2-2h13v4M3 7v10a2 2 0 0 0 2 2h15V9H5a2 2 0 0 1-2-2Zm14 7h.01" />
)
export const TagIcon = (p: IconProps) => <Outline {...p} d="M3 12V4a1 1 0 0 1 1-1h8l9 9-9 9-9-9Zm5-4.5h.01" />
export const MenuIcon = (p: IconProps) => <Outline {...p} d="M4 6h16M4 12h16M4 18h16" />
export const CloseIcon = (p: IconProps) => <Outline {...p} d="M6 6l12 12M18 6 6 18" />
export const LogoutIcon = (p: IconProps) => (
  <Outline {...p} d="M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3M10 16l-4-4 4-4M6 12h10" />
)
export const DownloadIcon = (p: IconProps) => <Outline {...p} d="M12 4v11m0 0-4-4m4 4 4-4M5 20h14" />
export const BellIcon = (p: IconProps) => (
  <Outline {...p} d="M6 8a6 6 0 1 1 12 0c0 7 3 8 3 8H3s3-1 3-8m4.3 13a1.94 1.94 0 0 0 3.4 0" />
)
export const KeyIcon = (p: IconProps) => (
  <Outline
    {...p}
    d="M15 7a2 2 0 0 1 2 2m4 0a6 6 0 0 1-7.74 5.74L11 17H9v2H7v2H3v-4l6.26-6.26A6 6 0 1 1 21 9Z"
  />
)
export const PlusIcon = (p: IconProps) => <Outline {...p} d="M12 5v14M5 12h14" />
export const ArrowUpIcon = (p: IconProps) => <Outline {...p} d="M12 19V5m0 0-6 6m6-6 6 6" />
export const ArrowDownIcon = (p: IconProps) => <Outline {...p} d="M12 5v14m0 0-6-6m6 6 6-6" />
export const ChevronRightIcon = (p: IconProps) => <Outline {...p} d="m9 6 6 6-6 6" />

export function Logo(props: IconProps) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" {...props}>
      <rect width="32" height="32" rx="8" fill="#4f46e5" />
      <path d="M9 11h14M16 11v12M11 17h4M17 21h4" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />
    </svg>
  )
}
