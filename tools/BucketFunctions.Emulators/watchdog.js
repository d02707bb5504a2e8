// Runs one emulator for a .NET process (a test host, the benchmark) and stops it as soon as that process is gone,
// even when it was killed without running its exit handlers (which would otherwise leave the emulator orphaned).
// Usage: node watchdog.js <owner pid> <emulator bin> [args...]
'use strict';
const { spawn } = require('child_process');

const [ownerPid, bin, ...args] = process.argv.slice(2);
const child = spawn(bin, args, { stdio: ['ignore', 'inherit', 'inherit'] });

function stop() {
  try { child.kill('SIGTERM'); } catch { /* already gone */ }
  process.exit(0);
}

child.on('exit', (code) => process.exit(code ?? 1));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => {
  try { process.kill(Number(ownerPid), 0); } catch { stop(); }
}, 500);
