// awoooi-monitor: the CLI other repositories' CI calls. Exit codes: 0 ok, 1 the input is invalid, 2 bad usage.
import { Command, CommanderError, Option } from 'commander';
import { coverageCommand, parsePercent } from './coverage';
import { driftCommand } from './drift';
import { exportCommand, type ExportOptions } from './export';
import { generateCommand, type GenerateOptions } from './generate';
import { validateCommand, type ValidateOptions } from './validate';

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
    .description(
      'Check a registry YAML file (no database needed). Prints FILE:LINE:COL: message per problem. With --discover, also scan ' +
        'what really runs and exit 1 when something running is not registered; with --server, ask a running awoooi-monitor.',
    )
    .option('--registry <file>', 'the registry YAML file ("-" for standard input)')
    .option('--discover <config>', 'scan with this discovery config (YAML; see README) after the file is valid')
    .option('--server <url>', 'use this awoooi-monitor server\'s discovery findings instead of a file')
    .option('--token <token>', 'API token for --server (default: $AWOOOI_TOKEN)')
    .option('--scan', 'with --server: run a scan now and wait for it (admin token), instead of reading the latest findings')
    .option('--fail-on-stale', 'also exit 1 when a registered service was not found where it should run')
    .option('--fail-on-error', 'also exit 1 when a host or namespace could not be scanned')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: ValidateOptions) => {
      exitCode = await validateCommand(options);
    });

  program
    .command('generate')
    .description('Write every monitoring config generated from a registry file into a folder (no database needed).')
    .requiredOption('--registry <file>', 'the registry YAML file ("-" for standard input)')
    .requiredOption('--out <dir>', 'the folder to write; replaced as a whole (must be new, empty or written by generate)')
    .option('--settings <file>', 'generator settings (YAML): addresses, intervals, SLO defaults; see README')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--strict', 'exit 1 when an entry was skipped')
    .action(async (options: GenerateOptions) => {
      exitCode = await generateCommand(options);
    });

  program
    .command('drift')
    .description('Compare a generated tree with the active one. Exit 0 when equal, 1 with a unified diff when not.')
    .requiredOption('--generated <dir>', 'the tree `generate` wrote')
    .requiredOption('--active <dir>', 'the tree in use')
    .option('--ignore <glob>', 'leave out matching paths (repeatable)', (glob: string, all: string[]) => [...all, glob], [])
    .action(async (options: { generated: string; active: string; ignore: string[] }) => {
      exitCode = await driftCommand(options);
    });

  program
    .command('coverage')
    .description("Report the registry's monitoring coverage (services, pages, API endpoints) as Markdown or JSON.")
    .requiredOption('--registry <file>', 'the registry YAML file ("-" for standard input)')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
    .option('--fail-under <percent>', 'exit 1 when the overall coverage is below this percentage', parsePercent)
    .option('--timestamp', 'add the time of the report (off by default so reports diff cleanly)')
    .action(async (options: { registry: string; format: 'md' | 'json'; failUnder?: number; timestamp?: boolean }) => {
      exitCode = await coverageCommand(options);
    });

  program
    .command('export')
    .description(
      "Ask a running awoooi-monitor to commit its registry and generated configs to a new branch of its Git repository and " +
        'open a pull request. Prints the pull request\'s link, or that nothing changed (exit 0); exit 1 when the export fails.',
    )
    .requiredOption('--server <url>', 'the awoooi-monitor server, e.g. https://monitor.example.com')
    .option('--token <token>', 'API token with the editor role (default: $AWOOOI_TOKEN)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: ExportOptions) => {
      exitCode = await exportCommand(options);
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
