import { type ParseArgsConfig, parseArgs } from 'node:util'

export interface Command {
  name: string
  summary: string
  /** Shown by `--help`: the usage line(s) and the options. */
  help: string
  options?: NonNullable<ParseArgsConfig['options']>
  /** Resolves with the exit code, or nothing for 0. */
  run: (args: {
    values: Record<string, string | boolean | undefined>
    positionals: string[]
  }) => Promise<unknown>
}

/** A mistake in how the command was called: printed with the command's help, exit code 2. */
export class UsageError extends Error {}

export function parseCommandArgs(command: Command, argv: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    })
    return { values: values as Record<string, string | boolean | undefined>, positionals }
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}
