// Runs one emulator for a .NET process (a test host, the benchmark) and stops it as soon as that process is gone, however it ended: also when
// the test host was killed outright (SIGKILL) and ran no exit handler. That process holds this watchdog's stdin
// open and never writes to it; the kernel closes it when that process dies, and its end here stops the emulator. (A
// check of the owner's pid would miss an owner left as an unreaped zombie, which still answers kill(pid, 0).)
// Prints "watchdog: emulator pid N" first. Usage: node watchdog.js <emulator bin> [args...]
'use strict';
const { spawn } = require('child_process');

const [bin, ...args] = process.argv.slice(2);
// In a process group of its own, so that stopping the group also stops anything the emulator started.
const child = spawn(bin, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
child.on('error', (error) => {
  process.stderr.write(`watchdog: could not start ${bin}: ${error.message}\n`);
  process.exit(1);
});
child.on('exit', (code) => process.exit(code ?? 1));
if (child.pid !== undefined) process.stderr.write(`watchdog: emulator pid ${child.pid}\n`);

// SIGKILL: the emulators keep nothing worth a graceful stop, and Azurite's SIGTERM handler waits for open connections.
function stop() {
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  process.exit(0);
}

process.stdin.on('end', stop).on('close', stop).on('error', stop).resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
