// awoooi-monitor: the CLI other repositories' CI calls. Exit codes: 0 ok, 1 the input is invalid, 2 bad usage.
import { Command, CommanderError, Option } from 'commander';
import { validateCommand } from './validate';

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('awoooi-monitor')
    .description('Monitoring as code: check, generate and push monitoring configs from a service registry.')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });

  program
    .command('validate')
    .description('Check a registry YAML file (no database needed). Prints FILE:LINE:COL: message per problem.')
    .requiredOption('--registry <file>', 'the registry YAML file ("-" for standard input)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: { registry: string; format: 'text' | 'json' }) => {
      exitCode = await validateCommand(options);
    });

  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const fine = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      return fine ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}
