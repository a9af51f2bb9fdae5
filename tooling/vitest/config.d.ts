import type { UserConfig } from 'vitest/config'

export interface ProjectOptions {
  globalSetup?: string[]
  serial?: boolean
  testTimeout?: number
  include?: string[]
}

export function defineProject(name: string, options?: ProjectOptions): UserConfig
