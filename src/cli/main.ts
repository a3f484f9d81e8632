/**
 * The `rampart` command line: one file per command under commands/, registered here.
 * Exit codes are the commands' own (check: 0 allowed, 1 denied, 2 bad input); commander's usage errors exit 2.
 */
import { Command, CommanderError } from 'commander';
import { register as registerCheck } from './commands/check.ts';
import { register as registerAudit } from './commands/audit.ts';
import { register as registerServe } from './commands/serve.ts';
import { register as registerAccounts } from './commands/accounts.ts';
import { register as registerLab } from './commands/lab.ts';
import { register as registerAgent } from './commands/agent.ts';

const program = new Command('rampart')
  .description('Security groups and network ACLs: an EC2-compatible control plane, an explainable engine, enforcement and an auditor.')
  .exitOverride()
  .configureOutput({ outputError: (str, write) => write(str) });

// Each command module registers itself on `program`; add one import per command.
const commands: Array<(p: Command) => void> = [registerCheck, registerAudit, registerServe, registerAccounts, registerLab, registerAgent];

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // help and version are "errors" to commander but exit 0; every usage error is bad input: exit 2.
    process.exit(e.exitCode === 0 ? 0 : 2);
  }
  throw e;
}
