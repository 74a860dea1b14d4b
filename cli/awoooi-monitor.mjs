#!/usr/bin/env node
// Entry of the `awoooi-monitor` CLI. The commands are TypeScript shared with the app; tsx runs them as is.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
