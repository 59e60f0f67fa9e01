import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The operator CLI answers help and refuses unknown commands before it boots Strapi, so this is quick.
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(__dirname, '../../src/cli/reminders.js'), ...args], { encoding: 'utf8' });

describe('the reminders CLI', () => {
  it.each(['--help', '-h', 'help'])('prints its usage with the commands for %s and exits 0', (flag) => {
    const result = cli(flag);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage:');
    for (const command of ['tick', 'preview', 'help']) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(result.stderr).not.toContain('Unknown command');
  });

  it('prints the usage and exits 1 on an unknown command', () => {
    const result = cli('frobnicate');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Unknown command: frobnicate');
    expect(result.stderr).toContain('Usage:');
  });
});
